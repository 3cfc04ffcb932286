// The leases on due rows (store/row_leases.hpp) and the once-per-period runs
// (store/periodic_runs.hpp), on both engines: each test runs once on an SQLite file and once
// on a database of the test run's PostgreSQL server, with two or more `database` objects on
// the same store standing in for instances.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <thread>
#include <variant>

#include "service/store/booking_store.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/outbox_store.hpp"
#include "service/store/periodic_runs.hpp"
#include "service/store/text_reminder_store.hpp"
#include "support/bookings.hpp"
#include "support/postgresql.hpp"
#include "support/temp_dir.hpp"

namespace samtal {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::at;
using testing::booking_at;

constexpr std::int64_t k_now = 1'000'000;

std::string engine_name(store_engine engine) {
    return engine == store_engine::sqlite ? "sqlite" : "postgresql";
}
constexpr milliseconds k_lease = seconds(10);

class row_leases_test : public ::testing::TestWithParam<store_engine> {
protected:
    row_leases_test() {
        if (GetParam() == store_engine::postgresql)
            postgresql_ = std::make_unique<testing::postgresql_test_database>();
    }

    // Where the store is: the same for every instance of a test.
    store_location where() const {
        if (postgresql_) return postgresql_server{postgresql_->url()};
        return sqlite_file{dir_.path() / "samtal.db"};
    }

    // A booking for Amina at `hour`, whose invitation then waits in the outbox.
    booking_record book(database& db, int hour) {
        booking_store bookings(db);
        std::vector<assignment> amina{{"amina", "rinkeby", false}};
        auto booked = bookings.insert(booking_at(at(hour), "uid-" + std::to_string(hour)), amina,
                                      std::chrono::minutes{15}, "hash-" + std::to_string(hour),
                                      std::nullopt, std::nullopt);
        EXPECT_TRUE(booked);
        return *booked;
    }

    std::string outbox_status(database& db, std::int64_t id) {
        std::string status;
        db.read([&](database::connection& connection) {
            auto query = connection.prepared("SELECT status FROM outbox WHERE id = ?");
            query->bind(1, id);
            if (query->executeStep()) status = query->getColumn(0).getString();
        });
        return status;
    }

    testing::temp_dir dir_;
    std::unique_ptr<testing::postgresql_test_database> postgresql_;
};

TEST_P(row_leases_test, a_claimed_message_waits_for_its_lease_and_a_late_result_is_not_recorded) {
    database first_db(where()), second_db(where());
    outbox_store first(first_db), second(second_db);
    for (int hour : {9, 10, 11}) book(first_db, hour);

    auto mine = first.claim_due(k_now, 2, k_lease);
    ASSERT_EQ(mine.size(), 2u);
    EXPECT_LT(mine[0].id, mine[1].id) << "oldest first";
    EXPECT_EQ(mine[0].attempts, 1) << "the claim counts the attempt";
    auto theirs = second.claim_due(k_now, 10, k_lease);
    ASSERT_EQ(theirs.size(), 1u) << "the leased two are not claimed again";
    EXPECT_GT(theirs[0].id, mine[1].id);
    second.record({theirs[0], delivery_outcome::kind::sent, "", 0, ""});
    EXPECT_TRUE(second.claim_due(k_now + k_lease.count() - 1, 10, k_lease).empty());

    // The first instance died mid-delivery: once its leases run out, the second takes over.
    auto taken_over = second.claim_due(k_now + k_lease.count(), 10, k_lease);
    ASSERT_EQ(taken_over.size(), 2u);
    EXPECT_EQ(taken_over[0].id, mine[0].id);
    EXPECT_EQ(taken_over[0].attempts, 2);
    // The first instance's answer comes in late: the message is the second's now.
    first.record({mine[0], delivery_outcome::kind::dead, "", 0, "HTTP 500"});
    EXPECT_EQ(outbox_status(first_db, mine[0].id), "pending");
    second.record({taken_over[0], delivery_outcome::kind::sent, "", 0, ""});
    EXPECT_EQ(outbox_status(first_db, mine[0].id), "sent");
    // A retry ends the lease: the message is due again at its next attempt, for anyone.
    second.record({taken_over[1], delivery_outcome::kind::retry, "", k_now + 5, "HTTP 503"});
    auto retried = first.claim_due(k_now + 5, 10, k_lease);
    ASSERT_EQ(retried.size(), 1u);
    EXPECT_EQ(retried[0].id, mine[1].id);
}

TEST_P(row_leases_test, instances_claiming_side_by_side_never_claim_the_same_message) {
    {
        database db(where());
        for (int hour = 0; hour < 24; ++hour) book(db, hour);
    }
    constexpr int k_instances = 4;
    std::vector<std::vector<std::int64_t>> claimed(k_instances);
    std::vector<std::thread> instances;
    for (int i = 0; i < k_instances; ++i)
        instances.emplace_back([&, i] {
            database db(where());
            outbox_store outbox(db);
            for (;;) {
                auto batch = outbox.claim_due(k_now, 3, k_lease);
                if (batch.empty()) return;
                for (const auto& message : batch) {
                    claimed[std::size_t(i)].push_back(message.id);
                    outbox.record({message, delivery_outcome::kind::sent, "", 0, ""});
                }
            }
        });
    for (auto& instance : instances) instance.join();
    std::multiset<std::int64_t> all;
    for (const auto& ids : claimed) all.insert(ids.begin(), ids.end());
    EXPECT_EQ(all.size(), 24u);
    EXPECT_EQ(std::set<std::int64_t>(all.begin(), all.end()).size(), all.size())
        << "a message was claimed twice";
}

TEST_P(row_leases_test, a_moved_call_starts_over_and_its_old_attempt_records_nothing) {
    database db(where());
    dial_job_store jobs(db);
    auto booking = book(db, 9);
    db.write([&](database::connection& connection) { plan_dial_job(connection, booking, true); });
    auto start_ms = unix_seconds(booking.start) * 1000;
    auto claimed = jobs.claim_due(start_ms, 10, k_lease);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].attempts, 1);

    booking.start += std::chrono::hours(1);
    db.write([&](database::connection& connection) { plan_dial_job(connection, booking, true); });
    auto dialled = claimed[0];
    dialled.status = "dialled";
    jobs.record(dialled);
    auto moved = jobs.due(start_ms + 3'600'000, 10);
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].status, "pending");
    EXPECT_EQ(moved[0].attempts, 0);
    EXPECT_EQ(jobs.claim_due(start_ms + 3'600'000, 10, k_lease).size(), 1u)
        << "the move ended the old lease";
}

// A text reminder for `booking_id`, due at k_now.
void ask_for_reminder(database& db, std::int64_t booking_id) {
    db.write([&](database::connection& connection) {
        auto insert = connection.prepared(
            "INSERT INTO text_reminders (booking_id, language, due_at, status) "
            "VALUES (?, 'sv', ?, 'pending')");
        insert->bind(1, booking_id);
        insert->bind(2, k_now);
        insert->exec();
    });
}

TEST_P(row_leases_test, a_reminder_claimed_by_an_instance_that_died_is_never_sent_again) {
    database first_db(where()), second_db(where());
    text_reminder_store first(first_db), second(second_db);
    auto booking = book(first_db, 9);
    ask_for_reminder(first_db, booking.id);
    auto claimed = first.claim_due(k_now, 10, k_lease);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].status, "sending");
    EXPECT_TRUE(second.claim_due(k_now + 10 * k_lease.count(), 10, k_lease).empty());
    EXPECT_EQ(second.of(booking.id)->status, "sending");
}

// An instance that had no time left in a lease for the rest of its batch gives those rows
// back: due again at once, for any instance, as if never claimed.
TEST_P(row_leases_test, a_row_given_back_is_due_again_as_if_never_claimed) {
    database first_db(where()), second_db(where());
    text_reminder_store first(first_db), second(second_db);
    outbox_store first_outbox(first_db), second_outbox(second_db);
    auto booking = book(first_db, 9);
    ask_for_reminder(first_db, booking.id);
    auto reminder = first.claim_due(k_now, 10, k_lease).at(0);
    first.give_back(reminder);
    auto again = second.claim_due(k_now, 10, k_lease);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
    EXPECT_EQ(again[0].status, "sending");

    auto message = first_outbox.claim_due(k_now, 10, k_lease).at(0);
    first_outbox.give_back(message);
    auto resent = second_outbox.claim_due(k_now, 10, k_lease);
    ASSERT_EQ(resent.size(), 1u);
    EXPECT_EQ(resent[0].attempts, 1);
}

TEST_P(row_leases_test, a_periodic_task_runs_once_per_period_whichever_instance_starts_it) {
    database first_db(where()), second_db(where());
    periodic_runs first(first_db), second(second_db);
    EXPECT_TRUE(first.start("purge", 100));
    EXPECT_FALSE(second.start("purge", 100));
    EXPECT_FALSE(first.start("purge", 100));
    EXPECT_TRUE(second.start("purge", 101));
    EXPECT_FALSE(first.start("purge", 99)) << "a clock behind does not run a period again";
    EXPECT_TRUE(first.start("roll-up", 101)) << "each task has periods of its own";
}

INSTANTIATE_TEST_SUITE_P(engines, row_leases_test,
                         ::testing::Values(store_engine::sqlite, store_engine::postgresql),
                         [](const auto& engine) { return engine_name(engine.param); });

}  // namespace

// The engine by name in gtest's messages.
void PrintTo(store_engine engine, std::ostream* out) { *out << engine_name(engine); }

}  // namespace samtal
