#include "service/store/follow_up_store.hpp"

#include "service/privacy/secret_key.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_insert_mark = "INSERT INTO follow_up_marks (mark) VALUES (?)";
constexpr std::string_view k_find_mark = "SELECT 1 FROM follow_up_marks WHERE mark = ?";
constexpr std::string_view k_insert_answer = R"sql(
    INSERT INTO follow_up_answers (id, unit, week, right_topics, helpful, easy_to_reach)
    VALUES (?, ?, ?, ?, ?, ?))sql";
// One statement per question: the column names are fixed here, never taken from input.
constexpr std::string_view k_count_answers[] = {
    R"sql(SELECT right_topics, count(*) FROM follow_up_answers
          WHERE unit = ? AND week BETWEEN ? AND ? AND right_topics IS NOT NULL
          GROUP BY right_topics)sql",
    R"sql(SELECT helpful, count(*) FROM follow_up_answers
          WHERE unit = ? AND week BETWEEN ? AND ? AND helpful IS NOT NULL GROUP BY helpful)sql",
    R"sql(SELECT easy_to_reach, count(*) FROM follow_up_answers
          WHERE unit = ? AND week BETWEEN ? AND ? AND easy_to_reach IS NOT NULL
          GROUP BY easy_to_reach)sql",
};
static_assert(std::size(k_count_answers) == k_follow_up_questions.size());

constexpr std::size_t k_answer_id_bytes = 16;

}  // namespace

bool follow_up_store::record(const follow_up_entry& entry, const std::string& mark) {
    bool recorded = false;
    db_.write([&](database::connection& db) {
        auto known = db.prepared(k_find_mark);
        known->bind(1, mark.data(), int(mark.size()));
        if (known->executeStep()) return;
        auto insert_mark = db.prepared(k_insert_mark);
        insert_mark->bind(1, mark.data(), int(mark.size()));
        insert_mark->exec();
        // A random key: the row lands at a random place among the others.
        unsigned char id[k_answer_id_bytes];
        random_bytes(id, sizeof id);
        auto insert = db.prepared(k_insert_answer);
        insert->bind(1, id, int(sizeof id));
        insert->bind(2, entry.unit);
        insert->bind(3, entry.week);
        for (std::size_t i = 0; i < k_follow_up_questions.size(); ++i) {
            const auto& answer = entry.answers.by_question[i];
            if (answer)
                insert->bind(int(i) + 4, *answer);
            else
                insert->bind(int(i) + 4);
        }
        insert->exec();
        // PostgreSQL's heap keeps rows in the order they were written, and the n-th mark would
        // then sit beside the n-th answer: both tables are rewritten in their random keys' order,
        // as SQLite keeps them all along (their tables have no rowid).
        if (db.engine() == store_engine::postgresql) {
            db.exec("CLUSTER follow_up_answers USING follow_up_answers_pkey");
            db.exec("CLUSTER follow_up_marks USING follow_up_marks_pkey");
        }
        recorded = true;
    });
    return recorded;
}

bool follow_up_store::answered(const std::string& mark) {
    bool found = false;
    db_.read([&](database::connection& db) {
        auto known = db.prepared(k_find_mark);
        known->bind(1, mark.data(), int(mark.size()));
        found = known->executeStep();
    });
    return found;
}

feedback_counts count_follow_up_answers(database::connection& db, const std::string& unit,
                                        const std::string& first_week,
                                        const std::string& last_week) {
    feedback_counts out;
    for (std::size_t i = 0; i < k_follow_up_questions.size(); ++i) {
        auto& counts = out.by_question[std::string(k_follow_up_questions[i])];
        auto rows = db.prepared(k_count_answers[i]);
        rows->bind(1, unit);
        rows->bind(2, first_week);
        rows->bind(3, last_week);
        while (rows->executeStep()) {
            auto value = rows->getColumn(0).getInt();
            counts[value == k_dont_know ? "dont_know" : std::to_string(value)] =
                rows->getColumn(1).getInt64();
        }
    }
    return out;
}

}  // namespace samtal
