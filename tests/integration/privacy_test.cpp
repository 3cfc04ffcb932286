#include "integration/fixture.hpp"

namespace samtal::testing {
namespace {

class privacy : public service_test {};

// Books with recognisable contact data, then searches every file the service wrote (the
// database, its WAL, the log) for any trace of it or of the booking codes.
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

    // Before shutdown the WAL still holds the latest pages; look at it too.
    auto while_running = service_.everything_written();
    service_.stop();
    auto after_stop = service_.everything_written();
    for (const auto& written : {while_running, after_stop}) {
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

}  // namespace
}  // namespace samtal::testing
