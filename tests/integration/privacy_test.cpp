#include <sys/wait.h>

#include <thread>

#include "integration/fixture.hpp"
#include "support/store_rows.hpp"

namespace samtal::testing {
namespace {

class privacy : public service_test {
protected:
    // Each booking's sealed contact blob as the database holds it.
    std::map<std::int64_t, std::string> sealed_blobs() const {
        std::map<std::int64_t, std::string> blobs;
        database(service_.store().location(), 1).read([&](database::connection& db) {
            auto query = db.prepared("SELECT booking_id, sealed FROM sealed_contacts");
            while (query->executeStep())
                blobs[query->getColumn(0).getInt64()] = query->getColumn(1).getString();
        });
        return blobs;
    }

    // `samtal purge` on the stopped service's data folder; its exit status.
    int purge() const {
        auto command = std::string(SAMTAL_BINARY) + " purge --config " +
                       service_.config_file().string() + " --data-dir " +
                       service_.data_dir().string() + " >/dev/null 2>&1";
        int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

// Books with recognisable contact data, then searches every file the service wrote (the
// database, its WAL, the log) for any trace of it or of the booking codes; on PostgreSQL every
// row of every table as well.
TEST_F(privacy, contact_data_and_codes_leave_no_trace_in_any_file) {
    auto times = free_times();
    ASSERT_GE(times.size(), 3u);
    auto phone = post_json("/api/v1/bookings", phone_booking(times[0], "+46 70 999 12 34"));
    ASSERT_EQ(phone.status, 201) << phone.body;
    boost::json::object video{
        {"unit", "test-unit"}, {"start", times[1]},
        {"channel", "video"},  {"platform", "zoom"},
        {"hosting", "parent"}, {"join_link", "https://zoom.us/j/98765432101?pwd=CanaryPwd77"}};
    auto link = post_json("/api/v1/bookings", video);
    ASSERT_EQ(link.status, 201) << link.body;
    // An invalid one goes through the error path and must not be echoed or logged either.
    auto refused =
        post_json("/api/v1/bookings", phone_booking(times[2], "+46 70 999 12 34 CanaryText"));
    ASSERT_EQ(refused.status, 422);
    EXPECT_EQ(refused.body.find("Canary"), std::string::npos);
    EXPECT_EQ(refused.body.find("999"), std::string::npos);
    // So does a text reminder this unit cannot send (it has no telephony): refused by name,
    // without the number.
    auto reminder = phone_booking(times[2], "+46 70 999 12 34");
    reminder["sms_reminder"] = true;
    auto no_texts = post_json("/api/v1/bookings", reminder);
    ASSERT_EQ(no_texts.status, 422) << no_texts.body;
    EXPECT_NE(no_texts.body.find("sms_reminder"), std::string::npos);
    EXPECT_EQ(no_texts.body.find("999"), std::string::npos);

    std::vector<std::string> codes;
    for (const auto& answer : {phone, link})
        codes.emplace_back(boost::json::parse(answer.body).at("code").as_string());
    // Viewing and the parent's calendar file do not show the contact data either.
    for (const auto& code : codes) {
        auto view = get("/api/v1/bookings/self", {{"Authorization", "Bearer " + code}});
        EXPECT_EQ(view.body.find("9991234"), std::string::npos);
        EXPECT_EQ(view.body.find("98765432101"), std::string::npos);
        auto calendar =
            get("/api/v1/bookings/self/calendar.ics", {{"Authorization", "Bearer " + code}});
        EXPECT_EQ(calendar.body.find("98765432101"), std::string::npos);
    }
    // Answering the follow-up with a code leaves no trace of the code either.
    let_conversation_start(codes[0], std::chrono::minutes{60});
    auto answered = http_request(
        service_.port(), "POST", "/api/v1/feedback", R"({"helpful":5})",
        {{"Authorization", "Bearer " + codes[0]}, {"Content-Type", "application/json"}});
    EXPECT_EQ(answered.status, 201) << answered.body;

    // Before shutdown the WAL still holds the latest pages; look at it too.
    auto while_running = service_.everything_written();
    service_.stop();
    auto after_stop = service_.everything_written();
    // The video conversation long past the retention: the purge rolls it into the daily counts,
    // and those hold nothing of it either.
    let_conversation_start(codes[1], std::chrono::hours{24 * 100});
    ASSERT_EQ(purge(), 0);
    auto store = service_.store().location();
    EXPECT_GT(single_integer(store, "SELECT count(*) FROM statistics_days"), 0);
    EXPECT_EQ(single_integer(store, "SELECT count(*) FROM bookings"), 1);
    auto after_roll_up = service_.everything_written();
    for (const auto& written : {while_running, after_stop, after_roll_up}) {
        for (const std::string& needle :
             {std::string("709991234"), std::string("70 999 12 34"), std::string("98765432101"),
              std::string("CanaryPwd77"), std::string("CanaryText")}) {
            SCOPED_TRACE(needle);
            EXPECT_EQ(written.find(needle), std::string::npos);
        }
        for (const auto& code : codes) {
            std::string bare;
            for (char c : code)
                if (c != '-') bare += c;
            EXPECT_EQ(written.find(code), std::string::npos);
            EXPECT_EQ(written.find(bare), std::string::npos);
        }
    }
    EXPECT_FALSE(after_stop.empty());
}

// The sealed contact itself (ciphertext, but still the parent's) is destroyed down to the
// bytes: at cancellation while the service runs, and by `samtal purge` once it has expired.
// Both the database file and its WAL are searched (on PostgreSQL, every row).
TEST_F(privacy, cancelling_and_purging_leave_no_bytes_of_the_sealed_contact) {
    auto times = free_times();
    ASSERT_GE(times.size(), 2u);
    std::vector<std::string> codes;
    for (int i = 0; i < 2; ++i) {
        auto booked = post_json("/api/v1/bookings", phone_booking(times[i]));
        ASSERT_EQ(booked.status, 201) << booked.body;
        codes.emplace_back(boost::json::parse(booked.body).at("code").as_string());
    }
    auto blobs = sealed_blobs();
    ASSERT_EQ(blobs.size(), 2u);
    auto cancelled_blob = blobs.begin()->second, expiring_blob = blobs.rbegin()->second;
    ASSERT_GE(cancelled_blob.size(), 16u);
    ASSERT_NE(service_.everything_written().find(cancelled_blob), std::string::npos)
        << "the test cannot see the bytes it looks for";

    // The first booking made is the first row; cancel it while the service runs.
    ASSERT_EQ(http_request(service_.port(), "DELETE", "/api/v1/bookings/self", "",
                           {{"Authorization", "Bearer " + codes[0]}})
                  .status,
              200);
    // The checkpoint that takes the bytes out of the WAL follows within a second.
    auto cancelled_at = std::chrono::steady_clock::now();
    auto written = service_.everything_written();
    while (written.find(cancelled_blob) != std::string::npos &&
           std::chrono::steady_clock::now() - cancelled_at < std::chrono::seconds(1)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        written = service_.everything_written();
    }
    EXPECT_EQ(written.find(cancelled_blob), std::string::npos)
        << "a cancelled booking's sealed contact is still in the database file or its WAL "
           "a second after the cancellation";
    EXPECT_NE(written.find(expiring_blob), std::string::npos);

    // The other one's conversation is over (its moment to be destroyed has passed): purge.
    ASSERT_EQ(service_.stop(), 0);
    database(service_.store().location(), 1).write([](database::connection& db) {
        db.prepared("UPDATE sealed_contacts SET destroy_after = 0")->exec();
    });
    ASSERT_EQ(purge(), 0);
    EXPECT_EQ(service_.everything_written().find(expiring_blob), std::string::npos)
        << "a purged sealed contact is still in the database file or its WAL";
    EXPECT_TRUE(sealed_blobs().empty());
}

}  // namespace
}  // namespace samtal::testing
