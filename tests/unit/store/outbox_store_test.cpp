#include "service/store/outbox_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <map>

#include "service/app/generate_history.hpp"
#include "service/store/booking_store.hpp"
#include "support/bookings.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;
using testing::at;
using testing::booking_at;

class outbox_test : public ::testing::Test {
protected:
    testing::temp_dir dir_;
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store bookings_{db_};
    outbox_store outbox_{db_};
    std::vector<assignment> amina_{{"amina", "rinkeby", false}};
    std::vector<assignment> erik_{{"erik", "rinkeby", false}};

    std::vector<std::string> pending() {
        std::vector<std::string> out;
        for (const auto& m : outbox_.due(std::numeric_limits<std::int64_t>::max(), 100))
            out.push_back(m.advisor + ":" + std::string(method_name(m.method)));
        return out;
    }
    std::vector<outbox_message> claim(int limit) {
        return outbox_.claim_due(std::numeric_limits<std::int64_t>::max() / 2, limit, minutes{5});
    }
    outbox_message claim_one() {
        auto claimed = claim(1);
        EXPECT_EQ(claimed.size(), 1u);
        return claimed.at(0);
    }
};

TEST_F(outbox_test, a_booking_enqueues_its_invitation_in_the_same_transaction) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    ASSERT_TRUE(booked);
    EXPECT_EQ(pending(), std::vector<std::string>{"amina:REQUEST"});
    // A refused booking enqueues nothing.
    EXPECT_FALSE(bookings_.insert(booking_at(at(9), "b"), amina_, minutes{15}, "hash-b",
                                  std::nullopt, std::nullopt));
    EXPECT_EQ(pending().size(), 1u);
}

TEST_F(outbox_test, a_cancel_before_any_attempt_sends_nothing) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    bookings_.cancel(booked->id);
    EXPECT_TRUE(pending().empty());
    EXPECT_EQ(outbox_.counts()["superseded"], 1);
}

TEST_F(outbox_test, a_cancel_after_an_attempt_is_sent) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    auto message = claim_one();
    outbox_.record({message, delivery_outcome::kind::retry, "", 0, "SMTP 451"});
    bookings_.cancel(booked->id);
    EXPECT_EQ(pending(), std::vector<std::string>{"amina:CANCEL"});
}

TEST_F(outbox_test, a_move_to_another_advisor_cancels_with_the_first_and_invites_the_second) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    auto message = claim_one();
    outbox_.record({message, delivery_outcome::kind::sent, "\"etag-1\"", 0, ""});
    ASSERT_TRUE(bookings_.move(booked->id, at(11), at(11) + minutes{45}, erik_, minutes{15}, at(14),
                               std::nullopt, std::nullopt));
    EXPECT_EQ(pending(), (std::vector<std::string>{"amina:CANCEL", "erik:REQUEST"}));
}

TEST_F(outbox_test, only_the_newest_state_waits_and_a_superseded_message_is_not_attempted) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    auto first = outbox_.due(std::numeric_limits<std::int64_t>::max(), 1).at(0);
    ASSERT_TRUE(bookings_.move(booked->id, at(10), at(10) + minutes{45}, amina_, minutes{15},
                               at(14), std::nullopt, std::nullopt));
    EXPECT_EQ(pending(), std::vector<std::string>{"amina:REQUEST"});
    auto claimed = claim(10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_NE(claimed[0].id, first.id);
}

TEST_F(outbox_test, the_etag_of_a_delivered_copy_is_kept_for_the_next_update) {
    bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                     std::nullopt);
    auto message = claim_one();
    outbox_.record({message, delivery_outcome::kind::sent, "\"etag-1\"", 0, ""});
    EXPECT_EQ(outbox_.context(message)->etag, "\"etag-1\"");
    EXPECT_EQ(outbox_.counts()["sent"], 1);
}

// The counts are kept as rows change, not counted from the table: they must still agree with
// a count of the table after inserts, status changes, supersessions and history.
TEST_F(outbox_test, the_counts_by_status_agree_with_the_table_after_every_kind_of_change) {
    auto counted = [this] {
        std::map<std::string, std::int64_t> rows{
            {"pending", 0}, {"sent", 0}, {"dead", 0}, {"superseded", 0}};
        db_.read([&](database::connection& db) {
            auto query = db.prepared("SELECT status, count(*) FROM outbox GROUP BY status");
            while (query->executeStep())
                rows[query->getColumn(0).getString()] = query->getColumn(1).getInt64();
        });
        return rows;
    };
    EXPECT_EQ(outbox_.counts(), counted());
    for (int hour : {8, 9, 10, 11})
        ASSERT_TRUE(bookings_.insert(booking_at(at(hour), "h" + std::to_string(hour)), amina_,
                                     minutes{15}, "hash-" + std::to_string(hour), std::nullopt,
                                     std::nullopt));
    EXPECT_EQ(outbox_.counts()["pending"], 4);
    auto due = claim(10);
    ASSERT_EQ(due.size(), 4u);
    outbox_.record({due[0], delivery_outcome::kind::sent, "", 0, ""});
    outbox_.record({due[1], delivery_outcome::kind::dead, "", 0, "SMTP 550"});
    outbox_.record({due[2], delivery_outcome::kind::retry, "", 0, "SMTP 451"});
    bookings_.cancel(due[0].booking_id);                                  // a CANCEL to send
    bookings_.cancel(due[3].booking_id);                                  // attempted: sent again
    generate_history(db_, "test-unit", "rinkeby", {"amina"}, at(0), 30);  // 3 cancelled
    auto counts = outbox_.counts();
    EXPECT_EQ(counts, counted());
    EXPECT_EQ(counts["sent"], 1 + 30 + 3);
    EXPECT_EQ(counts["dead"], 1);
}

TEST_F(outbox_test, dead_and_retrying_messages_are_problems) {
    bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                     std::nullopt);
    bookings_.insert(booking_at(at(11), "b"), amina_, minutes{15}, "hash-b", std::nullopt,
                     std::nullopt);
    auto due = claim(10);
    ASSERT_EQ(due.size(), 2u);
    outbox_.record({due[0], delivery_outcome::kind::dead, "", 0, "SMTP 550"});
    outbox_.record({due[1], delivery_outcome::kind::retry, "",
                    std::numeric_limits<std::int64_t>::max(), "SMTP 451"});
    auto problems = outbox_.problems(10);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[1].status, "dead");
    EXPECT_EQ(problems[1].last_error, "SMTP 550");
    EXPECT_TRUE(outbox_.due(1000, 10).empty());
}

// A REQUEST that went dead (say the calendar collection was missing) stops being a problem once
// a later message for the same event reaches the same advisor: their calendar has the newer state.
TEST_F(outbox_test, a_later_delivery_for_the_same_event_settles_a_dead_one) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    auto other = bookings_.insert(booking_at(at(11), "b"), amina_, minutes{15}, "hash-b",
                                  std::nullopt, std::nullopt);
    auto due = claim(10);
    ASSERT_EQ(due.size(), 2u);
    for (const auto& message : due)
        outbox_.record({message, delivery_outcome::kind::dead, "", 0, "HTTP 409"});
    ASSERT_EQ(outbox_.problems(10).size(), 2u);

    bookings_.cancel(booked->id);
    outbox_.record({claim_one(), delivery_outcome::kind::retry, "", 0, "HTTP 503"});
    EXPECT_EQ(outbox_.problems(10).size(), 3u) << "not settled before the CANCEL is delivered";
    outbox_.record({claim_one(), delivery_outcome::kind::sent, "", 0, ""});
    auto left = outbox_.problems(10);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].booking_id, other->id) << "another booking's problem stays";
    EXPECT_EQ(outbox_.counts()["dead"], 1);
}

// A CANCEL describes the event as its recipient had it: the time and interpreter need that
// Amina was sent, though the move gave the booking to Erik at another time.
TEST_F(outbox_test, a_former_advisors_cancel_keeps_the_time_they_had) {
    auto booked = bookings_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                                   std::nullopt, std::nullopt);
    outbox_.record({claim_one(), delivery_outcome::kind::sent, "", 0, ""});
    std::vector<assignment> erik_with_interpreter{{"erik", "husby", true}};
    ASSERT_TRUE(bookings_.move(booked->id, at(11), at(11) + minutes{45}, erik_with_interpreter,
                               minutes{15}, at(14), std::nullopt, std::nullopt));
    auto due = outbox_.due(std::numeric_limits<std::int64_t>::max(), 10);
    ASSERT_EQ(due.size(), 2u);
    ASSERT_EQ(due[0].method, itip_method::cancel);
    auto cancelled = outbox_.context(due[0]);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->booking.start, booked->start);
    EXPECT_EQ(cancelled->booking.end, booked->end);
    EXPECT_EQ(cancelled->booking.site, "rinkeby");
    EXPECT_FALSE(cancelled->booking.interpreter);
    EXPECT_EQ(cancelled->booking.sequence, 1) << "the cancellation is newer than what she has";
    auto invited = outbox_.context(due[1]);
    EXPECT_EQ(invited->booking.start, at(11));
    EXPECT_EQ(invited->booking.site, "husby");
    EXPECT_TRUE(invited->booking.interpreter);
}

}  // namespace
}  // namespace samtal
