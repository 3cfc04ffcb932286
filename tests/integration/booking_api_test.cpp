#include <thread>

#include "integration/fixture.hpp"
#include "support/store_rows.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;

class booking_api : public service_test {};

std::map<std::string, std::string> bearer(const std::string& code) {
    return {{"Authorization", "Bearer " + code}};
}

// A JSON string as a std::string, for comparisons.
std::string text(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : "<not a string>";
}

TEST_F(booking_api, lists_units_with_what_they_offer) {
    auto answer = get("/api/v1/units");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.header("content-type"), "application/json");
    auto unit = json::parse(answer.body).at("units").at(0);
    EXPECT_EQ(text(unit.at("id")), "test-unit");
    EXPECT_EQ(text(unit.at("time_zone")), "Europe/Stockholm");
    EXPECT_EQ(unit.at("channels").as_array().size(), 2u);
}

TEST_F(booking_api, availability_gives_wall_times_with_offsets) {
    auto times = free_times();
    ASSERT_FALSE(times.empty());
    for (const auto& time : times) {
        SCOPED_TRACE(time);
        EXPECT_TRUE(time.ends_with("+01:00") || time.ends_with("+02:00"));
    }
    auto bad = get("/api/v1/availability?unit=test-unit&from=yesterday");
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(bad.header("content-type"), "application/problem+json");
    EXPECT_EQ(text(json::parse(bad.body).at("errors").at(0).at("field")), "from");
}

TEST_F(booking_api, book_view_move_cancel_and_book_again) {
    auto times = free_times();
    ASSERT_GE(times.size(), 2u);
    auto created = post_json("/api/v1/bookings", phone_booking(times[0]));
    ASSERT_EQ(created.status, 201) << created.body;
    auto body = json::parse(created.body).as_object();
    std::string code(body.at("code").as_string());
    EXPECT_EQ(text(body.at("booking").at("start")), times[0]);
    EXPECT_EQ(text(body.at("booking").at("status")), "booked");
    EXPECT_FALSE(body.at("booking").as_object().contains("phone"));
    EXPECT_NE(std::string(body.at("calendar").as_string()).find("BEGIN:VCALENDAR"),
              std::string::npos);

    auto viewed = get("/api/v1/bookings/self", bearer(code));
    ASSERT_EQ(viewed.status, 200);
    EXPECT_EQ(text(json::parse(viewed.body).at("start")), times[0]);

    auto calendar = get("/api/v1/bookings/self/calendar.ics", bearer(code));
    ASSERT_EQ(calendar.status, 200);
    EXPECT_NE(calendar.header("content-type").find("text/calendar"), std::string::npos);
    EXPECT_NE(calendar.body.find("METHOD:PUBLISH"), std::string::npos);

    auto moved = post_json("/api/v1/bookings/self/reschedule", json::object{{"start", times[1]}},
                           bearer(code));
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(text(json::parse(moved.body).at("start")), times[1]);

    auto cancelled =
        http_request(service_.port(), "DELETE", "/api/v1/bookings/self", "", bearer(code));
    ASSERT_EQ(cancelled.status, 200);
    EXPECT_EQ(text(json::parse(cancelled.body).at("status")), "cancelled");
    EXPECT_EQ(get("/api/v1/bookings/self", bearer(code)).status, 404);

    // The cancelled time is free again, for anyone.
    auto again = post_json("/api/v1/bookings", phone_booking(times[1]));
    EXPECT_EQ(again.status, 201) << again.body;
}

TEST_F(booking_api, free_times_follow_every_booking_change_at_once) {
    // Asked twice first, so that the answer is one the service keeps.
    free_times();
    auto time = free_times().at(0);
    auto listed = [&] {
        auto times = free_times();
        return std::find(times.begin(), times.end(), time) != times.end();
    };
    // Book the time until no advisor is left for it (one or two bookings in the test unit).
    std::vector<std::string> codes;
    while (listed() && codes.size() < 3) {
        auto created = post_json("/api/v1/bookings", phone_booking(time));
        ASSERT_EQ(created.status, 201) << created.body;
        codes.emplace_back(json::parse(created.body).at("code").as_string());
    }
    ASSERT_FALSE(listed());
    auto cancelled =
        http_request(service_.port(), "DELETE", "/api/v1/bookings/self", "", bearer(codes.back()));
    ASSERT_EQ(cancelled.status, 200);
    EXPECT_TRUE(listed());
}

TEST_F(booking_api, a_code_in_any_wrong_shape_gets_the_same_answer) {
    auto times = free_times();
    ASSERT_FALSE(times.empty());
    ASSERT_EQ(post_json("/api/v1/bookings", phone_booking(times[0])).status, 201);
    std::string reference;
    for (const std::string& header : std::vector<std::string>{
             "", "Bearer ", "Bearer 0000-0000-0000-0000-0000-0000-0000", "Bearer nonsense",
             "Basic abc", "Bearer ' OR 1=1 --", "Bearer " + std::string(500, 'A'),
             "bearer 0000-0000-0000-0000-0000-0000-0000"}) {
        SCOPED_TRACE(header);
        auto answer =
            get("/api/v1/bookings/self",
                header.empty() ? std::map<std::string, std::string>{}
                               : std::map<std::string, std::string>{{"Authorization", header}});
        EXPECT_EQ(answer.status, 404);
        if (reference.empty()) reference = answer.body;
        EXPECT_EQ(answer.body, reference);
    }
}

TEST_F(booking_api, twenty_requests_for_the_last_free_advisor_give_one_booking) {
    auto times = free_times();
    // Mondays and Tuesdays 09:00 and 10:00 have two advisors; find a time with one (11:00).
    std::string start;
    for (const auto& time : times)
        if (time.substr(11, 5) == "11:00") start = time;
    ASSERT_FALSE(start.empty());
    std::atomic<int> created{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 20; ++i)
        threads.emplace_back([&] {
            auto answer = post_json("/api/v1/bookings", phone_booking(start));
            if (answer.status == 201)
                ++created;
            else if (answer.status == 409)
                ++conflicts;
            else
                ++other;
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(conflicts.load(), 19);
    EXPECT_EQ(other.load(), 0);
    service_.stop();
    EXPECT_EQ(single_integer(service_.store().location(), "SELECT count(*) FROM bookings"), 1);
}

TEST_F(booking_api, refuses_bad_bodies_clearly_and_changes_nothing) {
    auto times = free_times();
    ASSERT_FALSE(times.empty());
    auto port = service_.port();

    auto malformed = http_request(port, "POST", "/api/v1/bookings",
                                  "{\"unit\": ", {{"Content-Type", "application/json"}});
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(text(json::parse(malformed.body).at("type")), "/problems/malformed-json");

    auto not_json =
        http_request(port, "POST", "/api/v1/bookings", "unit=x", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(not_json.status, 415);

    auto array = http_request(port, "POST", "/api/v1/bookings", "[1,2]",
                              {{"Content-Type", "application/json"}});
    EXPECT_EQ(array.status, 400);

    auto unknown = phone_booking(times[0]);
    unknown["name"] = "Fatima";
    auto answer = post_json("/api/v1/bookings", unknown);
    EXPECT_EQ(answer.status, 422);
    auto errors = json::parse(answer.body).at("errors").as_array();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(text(errors[0].at("field")), "name");
    EXPECT_EQ(text(errors[0].at("code")), "unknown_field");
    EXPECT_EQ(answer.body.find("Fatima"), std::string::npos);

    auto wrong_type = phone_booking(times[0]);
    wrong_type["interpreter"] = "yes";
    EXPECT_EQ(post_json("/api/v1/bookings", wrong_type).status, 422);

    auto oversized = phone_booking(times[0]);
    oversized["topic"] = std::string(64 * 1024, 'x');
    EXPECT_EQ(post_json("/api/v1/bookings", oversized).status, 413);

    auto bad_phone = post_json("/api/v1/bookings", phone_booking(times[0], "call me"));
    EXPECT_EQ(bad_phone.status, 422);
    EXPECT_EQ(text(json::parse(bad_phone.body).at("errors").at(0).at("code")), "invalid_phone");

    // None of it took the time.
    EXPECT_EQ(free_times().front(), times[0]);
}

TEST_F(booking_api, problems_are_worded_in_the_requested_language) {
    auto sv = post_json("/api/v1/bookings", json::object{{"unit", "test-unit"}},
                        {{"Accept-Language", "sv"}});
    auto en = post_json("/api/v1/bookings", json::object{{"unit", "test-unit"}},
                        {{"Accept-Language", "en"}});
    ASSERT_EQ(sv.status, 422);
    ASSERT_EQ(en.status, 422);
    EXPECT_NE(json::parse(sv.body).at("title"), json::parse(en.body).at("title"));
    EXPECT_EQ(en.header("content-language"), "en");
}

}  // namespace
}  // namespace samtal::testing
