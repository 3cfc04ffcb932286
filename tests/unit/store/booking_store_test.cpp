#include "service/store/booking_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/bookings.hpp"
#include "support/store_rows.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;
using testing::at;
using testing::booking_at;

class booking_store_test : public ::testing::Test {
protected:
    testing::temp_dir dir_;
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store store_{db_};
    std::vector<assignment> amina_{{"amina", "rinkeby", false}};
};

TEST_F(booking_store_test, migrates_to_the_current_schema) {
    EXPECT_EQ(db_.schema_version(), database::known_schema_version());
}

TEST_F(booking_store_test, a_second_booking_for_the_same_advisor_and_time_is_refused) {
    ASSERT_TRUE(store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                              std::nullopt));
    EXPECT_FALSE(store_.insert(booking_at(at(9), "b"), amina_, minutes{15}, "hash-b", std::nullopt,
                               std::nullopt));
    // Overlapping, not equal: 09:30 runs into 09:00-09:45 (+15).
    EXPECT_FALSE(store_.insert(booking_at(at(9, 30), "c"), amina_, minutes{15}, "hash-c",
                               std::nullopt, std::nullopt));
    // 10:00 starts exactly when the buffer ends.
    EXPECT_TRUE(store_.insert(booking_at(at(10), "d"), amina_, minutes{15}, "hash-d", std::nullopt,
                              std::nullopt));
    // Nothing of the refused ones was left behind.
    int rows = 0;
    db_.read([&](database::connection& db) {
        rows = int(testing::single_integer(db, "SELECT count(*) FROM bookings"));
    });
    EXPECT_EQ(rows, 2);
}

TEST_F(booking_store_test, falls_through_to_the_next_candidate) {
    ASSERT_TRUE(store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                              std::nullopt));
    std::vector<assignment> both{{"amina", "rinkeby", false}, {"erik", "husby", true}};
    auto second = store_.insert(booking_at(at(9), "b"), both, minutes{15}, "hash-b", std::nullopt,
                                std::nullopt);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->advisor, "erik");
    EXPECT_EQ(second->site, "husby");
    EXPECT_TRUE(second->interpreter);
}

TEST_F(booking_store_test, concurrent_requests_for_the_last_time_yield_one_booking) {
    constexpr int k_requests = 20;
    std::atomic<int> booked{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < k_requests; ++i)
        threads.emplace_back([&, i] {
            auto uid = "uid-" + std::to_string(i);
            if (store_.insert(booking_at(at(9), uid), amina_, minutes{15}, "hash-" + uid,
                              std::nullopt, std::nullopt))
                ++booked;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(booked.load(), 1);
}

TEST_F(booking_store_test, cancel_frees_the_time_and_destroys_the_contact) {
    sealed_contact contact{"key", std::string("sealed-bytes"), at(12)};
    auto booked =
        store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", contact, std::nullopt);
    ASSERT_TRUE(booked);
    EXPECT_TRUE(store_.find_booked("hash-a"));
    auto cancelled = store_.cancel(booked->id);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, booking_status::cancelled);
    EXPECT_EQ(cancelled->sequence, 1);
    EXPECT_FALSE(store_.find_booked("hash-a"));
    EXPECT_FALSE(store_.cancel(booked->id));
    int contacts = 0;
    db_.read([&](database::connection& db) {
        contacts = int(testing::single_integer(db, "SELECT count(*) FROM sealed_contacts"));
    });
    EXPECT_EQ(contacts, 0);
    EXPECT_TRUE(store_.insert(booking_at(at(9), "b"), amina_, minutes{15}, "hash-b", std::nullopt,
                              std::nullopt));
}

TEST_F(booking_store_test, move_keeps_the_booking_where_it_was_when_the_new_time_is_taken) {
    auto first = store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                               std::nullopt);
    ASSERT_TRUE(store_.insert(booking_at(at(11), "b"), amina_, minutes{15}, "hash-b", std::nullopt,
                              std::nullopt));
    EXPECT_FALSE(store_.move(first->id, at(11), at(11, 45), amina_, minutes{15}, at(14),
                             std::nullopt, std::nullopt));
    auto unchanged = store_.find_booked("hash-a");
    EXPECT_EQ(unchanged->start, at(9));
    // Its own time is still claimed: nobody else can take 09:00.
    EXPECT_FALSE(store_.insert(booking_at(at(9), "c"), amina_, minutes{15}, "hash-c", std::nullopt,
                               std::nullopt));

    auto moved = store_.move(first->id, at(10), at(10, 45), amina_, minutes{15}, at(13),
                             std::nullopt, std::nullopt);
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->start, at(10));
    EXPECT_EQ(moved->sequence, 1);
    EXPECT_EQ(moved->calendar_uid, "a");
    EXPECT_TRUE(store_.insert(booking_at(at(9), "d"), {{"amina", "rinkeby", false}}, minutes{0},
                              "hash-d", std::nullopt, std::nullopt));
}

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

TEST_F(booking_store_test, purge_destroys_expired_contact_data_down_to_the_bytes) {
    const std::string marker = "CANARY-sealed-contact-bytes";
    ASSERT_TRUE(store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a",
                              sealed_contact{"key", marker, at(11)}, std::nullopt));
    ASSERT_TRUE(store_.insert(booking_at(at(13), "b"), amina_, minutes{15}, "hash-b",
                              sealed_contact{"key", "still-needed", at(16)}, std::nullopt));
    auto everything = [&] { return test_store_.everything_stored(); };
    ASSERT_NE(everything().find(marker), std::string::npos)
        << "the test cannot see the bytes it looks for";

    EXPECT_EQ(store_.destroy_expired_contacts(sys_seconds{at(10)}), 0);
    EXPECT_EQ(store_.destroy_expired_contacts(sys_seconds{at(11)}), 1);
    EXPECT_EQ(everything().find(marker), std::string::npos);
    EXPECT_NE(everything().find("still-needed"), std::string::npos);
}

TEST_F(booking_store_test, cancelled_contacts_leave_the_wal_within_a_second_without_a_wait) {
    if (test_store_.is_postgresql())
        GTEST_SKIP() << "about SQLite's WAL file; PostgreSQL's files are the server's own";
    std::vector<std::int64_t> ids;
    for (int hour = 8; hour < 13; ++hour) {
        auto booked = store_.insert(
            booking_at(at(hour), "code-" + std::to_string(hour)), amina_, minutes{15},
            "hash-" + std::to_string(hour),
            sealed_contact{"key", "CANARY-cancelled-" + std::to_string(hour), at(hour + 2)},
            std::nullopt);
        ASSERT_TRUE(booked);
        ids.push_back(booked->id);
    }
    auto wal = test_store_.file().string() + "-wal";
    auto everything = [&] { return file_bytes(test_store_.file()) + file_bytes(wal); };
    ASSERT_NE(everything().find("CANARY-cancelled-8"), std::string::npos);

    auto first_cancel = std::chrono::steady_clock::now();
    for (auto id : ids) ASSERT_TRUE(store_.cancel(id));
    // No cancellation waited for a checkpoint: the WAL is still there after all five.
    EXPECT_GT(std::filesystem::file_size(wal), 0u);
    while (everything().find("CANARY-cancelled") != std::string::npos &&
           std::chrono::steady_clock::now() - first_cancel < std::chrono::seconds(2))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto gone_after = std::chrono::steady_clock::now() - first_cancel;
    EXPECT_EQ(everything().find("CANARY-cancelled"), std::string::npos);
    EXPECT_LT(gone_after, std::chrono::seconds(1));
    EXPECT_EQ(std::filesystem::file_size(wal), 0u);
}

TEST_F(booking_store_test, claims_on_past_time_are_forgotten_and_future_ones_kept) {
    ASSERT_TRUE(store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                              std::nullopt));
    ASSERT_TRUE(store_.insert(booking_at(at(13), "b"), amina_, minutes{15}, "hash-b", std::nullopt,
                              std::nullopt));
    // 09:00-10:00 has passed at noon: its twelve blocks go; 13:00-14:00 stays claimed.
    EXPECT_EQ(store_.forget_past_claims(sys_seconds{at(12)}), 12);
    EXPECT_FALSE(store_.insert(booking_at(at(13), "c"), amina_, minutes{15}, "hash-c", std::nullopt,
                               std::nullopt));
    EXPECT_EQ(store_.forget_past_claims(sys_seconds{at(12)}), 0);
}

TEST_F(booking_store_test, busy_periods_cover_only_booked_conversations_in_range) {
    auto a = store_.insert(booking_at(at(9), "a"), amina_, minutes{15}, "hash-a", std::nullopt,
                           std::nullopt);
    ASSERT_TRUE(store_.insert(booking_at(at(11), "b"), amina_, minutes{15}, "hash-b", std::nullopt,
                              std::nullopt));
    store_.cancel(a->id);
    auto busy = store_.busy_periods("unit", at(0), at(23));
    ASSERT_EQ(busy.size(), 1u);
    EXPECT_EQ(busy[0].start, at(11));
    EXPECT_TRUE(store_.busy_periods("other-unit", at(0), at(23)).empty());
}

}  // namespace
}  // namespace samtal
