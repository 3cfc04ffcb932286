// The follow-up answers on PostgreSQL cannot be lined up with the parents who gave them: the
// tables of answers and of marks (which say a code has answered) are not kept in the order they
// were written, unlike PostgreSQL's heap left to itself.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/store/follow_up_store.hpp"
#include "support/postgresql.hpp"

namespace samtal {
namespace {

using testing::postgresql_test_database;

TEST(follow_up_order, answers_and_marks_are_not_stored_in_the_order_they_came) {
    postgresql_test_database db;
    database store(postgresql_server{db.url()});
    follow_up_store answers(store);
    // Marks as unordered as the real ones (keyed hashes of codes).
    auto mark = [](int i) { return "mark-" + std::to_string(1000 + i * 7919 % 1000); };
    std::vector<std::string> written;
    for (int i = 0; i < 40; ++i) {
        follow_up_entry entry{"test-unit", "2026-W48", {}};
        entry.answers.by_question[0] = i % 5 + 1;
        ASSERT_TRUE(answers.record(entry, mark(i)));
        written.push_back(std::to_string(i % 5 + 1));
    }
    // The rows as the table holds them, in physical order.
    EXPECT_NE(db.query("SELECT right_topics FROM follow_up_answers ORDER BY ctid"), written);
    std::vector<std::string> marks;
    for (int i = 0; i < 40; ++i) marks.push_back(mark(i));
    EXPECT_NE(db.query("SELECT convert_from(mark, 'UTF8') FROM follow_up_marks ORDER BY ctid"),
              marks);
    // The n-th mark and the n-th answer are not the n-th parent's.
    EXPECT_EQ(db.query("SELECT count(*) FROM follow_up_answers"), std::vector<std::string>{"40"});
}

}  // namespace
}  // namespace samtal
