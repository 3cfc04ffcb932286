// The follow-up's tables and the statistics on SQLite: answers that cannot be joined to the
// bookings, and counts that survive the roll-up and deletion of old booking rows.
#include "service/store/statistics_store.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <set>

#include "service/store/booking_store.hpp"
#include "service/store/follow_up_store.hpp"
#include "service/store/purge.hpp"
#include "support/bookings.hpp"
#include "support/store_rows.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;

class statistics_store_test : public ::testing::Test {
protected:
    // Bookings on successive days of November 2026, varied in every dimension: at 11:00 in
    // Stockholm, every sixth at 17:00 (the evening); those in Arabic with an interpreter, every
    // other one confirmed.
    void book(int count) {
        const char* roles[] = {"mother", "father", "father", "other", "unspecified"};
        const char* languages[] = {"", "so", "ar", "so"};
        for (int i = 0; i < count; ++i) {
            auto start = sys_minutes{date::sys_days{date::year{2026} / 11 / (1 + i % 28)} +
                                     std::chrono::hours{i % 6 == 5 ? 16 : 10}};
            auto b = testing::booking_at(start, "uid-" + std::to_string(i) + "@samtal");
            b.unit = "test-unit";
            b.channel = i % 3 == 0 ? "video" : "phone";
            if (b.channel == "video") {
                b.platform = i % 2 ? "zoom" : "teams";
                b.hosting = "parent";
            }
            b.parent_role = roles[i % 5];
            b.language = languages[i % 4];
            b.interpreter_requested = !b.language.empty();
            auto inserted =
                bookings_.insert(b, {{"advisor-" + std::to_string(i), "site", false}}, minutes{15},
                                 "hash-" + std::to_string(i), std::nullopt, std::nullopt);
            ASSERT_TRUE(inserted);
            ids_.push_back(inserted->id);
            if (i % 4 == 1) {
                ASSERT_TRUE(bookings_.record_outcome(inserted->id, "held"));
            }
            if (i % 4 == 2) needs_interpreter(inserted->id, i % 8 == 2 ? "confirmed" : "requested");
            if (i % 7 == 6) {
                ASSERT_TRUE(bookings_.cancel(inserted->id));
            }
        }
    }

    // The booking needs an interpreter, and the agency's latest answer is `status`.
    void needs_interpreter(std::int64_t id, const std::string& status) {
        db_.write([&](database::connection& db) {
            auto update = db.prepared("UPDATE bookings SET interpreter = 1 WHERE id = ?");
            update->bind(1, id);
            update->exec();
            auto request = db.prepared(R"sql(
                INSERT INTO interpreter_requests (booking_id, unit, agency, language, competence,
                    competence_required, modes, start_at, end_at, answer_by, status, calendar_uid)
                SELECT id, unit, 'email', language, 'trained', 0, 'phone', start_at, end_at,
                       start_at, ?2, 'ir-' || id FROM bookings WHERE id = ?1)sql");
            request->bind(1, id);
            request->bind(2, status);
            request->exec();
        });
    }

    std::vector<statistics_period> months(std::string from, std::string to,
                                          std::string by = "month") {
        auto counted =
            unit_statistics(unit_, {std::move(from), std::move(to), std::move(by)}, stats_);
        EXPECT_TRUE(counted);
        return counted ? counted.value() : std::vector<statistics_period>{};
    }

    int rows(const std::string& table) {
        int count = 0;
        db_.read([&](database::connection& db) {
            count = int(testing::single_integer(db, "SELECT count(*) FROM " + table));
        });
        return count;
    }

    testing::temp_dir dir_;
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store bookings_{db_};
    follow_up_store answers_{db_};
    statistics_store stats_{db_};
    config settings_ = testing::test_config();
    const unit_config& unit_ = settings_.units.front();
    std::vector<std::int64_t> ids_;
};

bool same_counts(const std::vector<statistics_period>& a, const std::vector<statistics_period>& b) {
    auto flat = [](const std::vector<statistics_period>& periods) {
        std::vector<std::string> out;
        auto add = [&](const std::string& name, const shown_count& c) {
            out.push_back(name + "=" + std::to_string(c.value) + (c.hidden ? "h" : ""));
        };
        for (const auto& p : periods) {
            add(p.name + ".bookings", p.bookings);
            add(p.name + ".held", p.held);
            add(p.name + ".not_reached", p.not_reached);
            add(p.name + ".cancelled", p.cancelled);
            for (const auto& [dimension, counts] : p.by_dimension)
                for (const auto& [value, count] : counts) add(p.name + dimension + value, count);
            for (const auto& [question, counts] : p.feedback)
                for (const auto& [value, count] : counts) add(p.name + question + value, count);
        }
        return out;
    };
    return flat(a) == flat(b);
}

TEST_F(statistics_store_test, answers_cannot_be_joined_to_the_bookings) {
    if (test_store_.is_postgresql())
        GTEST_SKIP() << "about how SQLite lays out the rows in its file (no rowid, key order); "
                        "PostgreSQL's heap keeps rows in the order they were written";
    book(40);
    // Answered in the order the bookings were made: the worst case for an order that leaks.
    for (std::size_t i = 0; i < ids_.size(); ++i) {
        follow_up_entry entry{"test-unit", "2026-W48", {}};
        entry.answers.by_question[0] = int(i % 5) + 1;
        ASSERT_TRUE(answers_.record(entry, "mark-" + std::to_string(i)));
    }
    SQLite::Database file(test_store_.file().string(), SQLite::OPEN_READONLY);
    // Nothing but the unit, the week and the answers; a random key.
    std::set<std::string> columns;
    SQLite::Statement info(file, "SELECT name FROM pragma_table_info('follow_up_answers')");
    while (info.executeStep()) columns.insert(info.getColumn(0).getString());
    EXPECT_EQ(columns, (std::set<std::string>{"id", "unit", "week", "right_topics", "helpful",
                                              "easy_to_reach"}));
    // No rowid, so no hidden insertion order to line up with bookings.id.
    EXPECT_THROW(SQLite::Statement(file, "SELECT rowid FROM follow_up_answers"), SQLite::Exception);
    // No key or value of an answer row equals a booking's id, code hash, uid or time (the
    // answers themselves are 1-5 and say nothing about which booking).
    SQLite::Statement joined(file, R"sql(
        SELECT count(*) FROM follow_up_answers a JOIN bookings b
        ON a.id = b.id OR a.id = b.code_hash OR a.id = b.calendar_uid OR a.id = b.start_at
           OR a.week = b.start_at OR a.week = b.end_at)sql");
    ASSERT_TRUE(joined.executeStep());
    EXPECT_EQ(joined.getColumn(0).getInt(), 0);
    // The rows as the file holds them are not in the order they were written: the answer to
    // the n-th booking is not the n-th row.
    std::vector<int> stored_order;
    SQLite::Statement scan(file, "SELECT right_topics FROM follow_up_answers");
    while (scan.executeStep()) stored_order.push_back(scan.getColumn(0).getInt());
    std::vector<int> written_order;
    for (std::size_t i = 0; i < ids_.size(); ++i) written_order.push_back(int(i % 5) + 1);
    ASSERT_EQ(stored_order.size(), written_order.size());
    EXPECT_NE(stored_order, written_order);
    // The daily roll-up holds counts and nothing of a booking: no id, no time finer than a day.
    std::set<std::string> rolled_columns;
    SQLite::Statement days(file, "SELECT name FROM pragma_table_info('statistics_days')");
    while (days.executeStep()) rolled_columns.insert(days.getColumn(0).getString());
    EXPECT_EQ(rolled_columns,
              (std::set<std::string>{"unit", "day", "dimension", "value", "count"}));
    // The marks are not the code hashes.
    SQLite::Statement marks(
        file, "SELECT count(*) FROM follow_up_marks m JOIN bookings b ON m.mark = b.code_hash");
    ASSERT_TRUE(marks.executeStep());
    EXPECT_EQ(marks.getColumn(0).getInt(), 0);
}

TEST_F(statistics_store_test, a_mark_answers_once_and_a_refused_answer_stores_nothing) {
    follow_up_entry entry{"test-unit", "2026-W48", {}};
    entry.answers.by_question[1] = 4;
    EXPECT_FALSE(answers_.answered("mark"));
    EXPECT_TRUE(answers_.record(entry, "mark"));
    EXPECT_TRUE(answers_.answered("mark"));
    EXPECT_FALSE(answers_.record(entry, "mark"));
    EXPECT_EQ(rows("follow_up_answers"), 1);
    EXPECT_EQ(rows("follow_up_marks"), 1);
}

TEST_F(statistics_store_test, counts_each_dimension_of_the_bookings_not_cancelled) {
    book(28);
    auto november = months("2026-11-01", "2026-11-30");
    ASSERT_EQ(november.size(), 1u);
    const auto& p = november.front();
    EXPECT_EQ(p.name, "2026-11");
    EXPECT_EQ(p.bookings.value, 28);
    EXPECT_EQ(p.cancelled.value, 4);  // i = 6, 13, 20, 27
    EXPECT_EQ(p.held.value, 7);       // i = 1, 5, ..., 25
    std::int64_t by_role = 0;
    for (const auto& [role, count] : p.by_dimension.at("parent_role")) by_role += count.value;
    EXPECT_EQ(by_role, 24);
    EXPECT_EQ(p.by_dimension.at("parent_role").at("father").value, 10);
    EXPECT_EQ(months("2026-10-01", "2026-10-31").front().bookings.value, 0);
}

TEST_F(statistics_store_test, counts_evenings_and_whether_the_interpreter_was_confirmed) {
    book(28);
    auto november = months("2026-11-01", "2026-11-30");
    ASSERT_EQ(november.size(), 1u);
    const auto& p = november.front();
    // i = 5, 11, 17, 23 start at 17:00 in Stockholm (16:00 UTC); 13 is cancelled, none of them.
    EXPECT_EQ(p.by_dimension.at("evening").at("evening").value, 4);
    EXPECT_EQ(p.by_dimension.at("evening").at("day").value, 20);
    // Arabic (i % 4 == 2, cancelled: 6): confirmed at 2, 10, 18, 26; not at 14, 22.
    const auto& interpreter = p.by_dimension.at("interpreter");
    EXPECT_EQ(interpreter.at("interpreter_confirmed").value, 4);
    EXPECT_EQ(interpreter.at("interpreter_not_confirmed").value, 2);
    EXPECT_TRUE(interpreter.at("interpreter_not_confirmed").hidden);
    // Somali (i % 4 == 1 or 3) was spoken by the advisor; cancelled: 13, 27 (and 20, not asked).
    EXPECT_EQ(interpreter.at("advisor_spoke_it").value, 12);
    EXPECT_EQ(interpreter.at("not_asked").value, 6);
}

TEST_F(statistics_store_test, counts_survive_the_roll_up_and_the_rows_do_not) {
    book(28);
    follow_up_entry entry{"test-unit", "2026-W46", {}};
    entry.answers.by_question = {5, 4, k_dont_know};
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(answers_.record(entry, "mark-" + std::to_string(i)));
    auto before = months("2026-10-01", "2026-12-31");
    auto weeks_before = months("2026-10-26", "2026-12-06", "week");
    auto year_before = months("2026-01-01", "2026-12-31", "year");
    ASSERT_GT(rows("bookings"), 0);
    ASSERT_GT(rows("advisor_claims"), 0);
    ASSERT_GT(rows("interpreter_requests"), 0);

    purge run(
        bookings_, [](sys_seconds) { return 0; }, booking_retention{stats_, settings_.units, 90});
    // 90 days after 1 November 10:45 UTC, the first day's one conversation goes, and only it.
    auto first = sys_seconds{date::sys_days{date::year{2026} / 11 / 1}} + minutes{10 * 60 + 45};
    EXPECT_EQ(run.run(first + date::days{90} - std::chrono::seconds{1}).rolled_up, 0);
    EXPECT_EQ(rows("bookings"), 28);
    EXPECT_EQ(run.run(first + date::days{90}).rolled_up, 1);
    EXPECT_EQ(rows("bookings"), 27);
    EXPECT_TRUE(same_counts(before, months("2026-10-01", "2026-12-31")));
    auto march = sys_seconds{date::sys_days{date::year{2027} / 3 / 1} + std::chrono::hours{12}};
    EXPECT_EQ(run.run(march).rolled_up, 27);
    EXPECT_EQ(rows("bookings"), 0);
    EXPECT_EQ(rows("advisor_claims"), 0);
    EXPECT_EQ(rows("interpreter_requests"), 0);
    EXPECT_EQ(rows("statistics_months"), 0);
    EXPECT_GT(rows("statistics_days"), 0);

    auto after = months("2026-10-01", "2026-12-31");
    EXPECT_TRUE(same_counts(before, after));
    EXPECT_EQ(after[1].bookings.value, 28);
    EXPECT_EQ(after[1].feedback.at("right_topics").at("5").value, 4);
    // Days keep weeks and years apart as well.
    EXPECT_TRUE(same_counts(weeks_before, months("2026-10-26", "2026-12-06", "week")));
    EXPECT_TRUE(same_counts(year_before, months("2026-01-01", "2026-12-31", "year")));
    // A second run finds nothing more and counts nothing twice.
    EXPECT_EQ(run.run(march).rolled_up, 0);
    EXPECT_TRUE(same_counts(before, months("2026-10-01", "2026-12-31")));
}

TEST_F(statistics_store_test, months_an_earlier_release_rolled_up_still_count_as_months) {
    book(28);
    db_.write([](database::connection& db) {
        db.exec(R"sql(INSERT INTO statistics_months (unit, month, dimension, value, count) VALUES
            ('test-unit', '2026-10', 'total', 'bookings', 7),
            ('test-unit', '2026-10', 'channel', 'phone', 6))sql");
    });
    auto counted = months("2026-10-01", "2026-11-30");
    EXPECT_EQ(counted[0].bookings.value, 7);
    EXPECT_EQ(counted[0].by_dimension.at("channel").at("phone").value, 6);
    EXPECT_EQ(counted[1].bookings.value, 28);
    EXPECT_EQ(months("2026-01-01", "2026-12-31", "year")[0].bookings.value, 35);
    // Its weeks cannot be told apart any more; November's can.
    auto weekly = unit_statistics(unit_, {"2026-10-26", "2026-11-08", "week"}, stats_);
    ASSERT_FALSE(weekly);
    EXPECT_EQ(weekly.error().fields.front().code, "rolled_up");
    EXPECT_TRUE(unit_statistics(unit_, {"2026-11-02", "2026-11-08", "week"}, stats_));
}

}  // namespace
}  // namespace samtal
