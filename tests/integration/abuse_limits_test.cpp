// Abuse limits against the real binary: a code guesser and a calendar filler are asked to wait
// (429 with Retry-After) while the parent, at another address, is served as before.
#include "integration/fixture.hpp"

namespace samtal::testing {
namespace {

constexpr const char* k_parent = "203.0.113.7";
constexpr const char* k_guesser = "198.51.100.9";
// Well formed, and no booking's code.
constexpr const char* k_wrong_code = "0000-0000-0000-0000-0000-0000-0000";

// Tests stand for many clients through X-Forwarded-For, which the service believes only from
// the proxies in its configuration: here the test itself on 127.0.0.1.
std::string limits_behind_proxy(int wrong_codes, int bookings, int attempts,
                                bool trust_loopback = true) {
    return service_config_text(
        "", "", "",
        "wrong_codes_per_hour = " + std::to_string(wrong_codes) + "\nbookings_per_day = " +
            std::to_string(bookings) + "\nbooking_attempts_per_hour = " + std::to_string(attempts) +
            "\n" + (trust_loopback ? "trusted_proxies = [\"127.0.0.1\"]\n" : ""));
}

class abuse_limits : public service_test {
protected:
    explicit abuse_limits(const std::string& config = limits_behind_proxy(8, 2, 5))
        : service_test(config) {}

    static std::map<std::string, std::string> from(const std::string& client,
                                                   const std::string& code = "") {
        std::map<std::string, std::string> headers{{"X-Forwarded-For", client}};
        if (!code.empty()) headers["Authorization"] = "Bearer " + code;
        return headers;
    }

    // Every route that takes a booking code, once, with `code`, from `client`.
    std::vector<http_answer> every_code_route(const std::string& client, const std::string& code,
                                              const std::string& start) {
        auto form = "lang=so&code=" + form_encoded(code);
        return {
            get("/api/v1/bookings/self", from(client, code)),
            http_request(service_.port(), "DELETE", "/api/v1/bookings/self", "",
                         from(client, code)),
            post_json("/api/v1/bookings/self/reschedule", {{"start", start}}, from(client, code)),
            get("/api/v1/bookings/self/calendar.ics", from(client, code)),
            post_form("/booking", form, from(client)),
            post_form("/booking/cancel", form + "&confirm=yes", from(client)),
            post_form("/booking/move", form + "&choose=yes&start=" + form_encoded(start),
                      from(client)),
            post_form("/booking/calendar.ics", form, from(client)),
        };
    }

    std::string book(const std::string& client, const std::string& start) {
        auto booked = post_json("/api/v1/bookings", phone_booking(start), from(client));
        EXPECT_EQ(booked.status, 201) << booked.body;
        return std::string(boost::json::parse(booked.body).at("code").as_string());
    }
};

void expect_told_to_wait(const http_answer& answer) {
    EXPECT_EQ(answer.status, 429) << answer.body;
    auto retry_after = answer.header("retry-after");
    ASSERT_FALSE(retry_after.empty());
    EXPECT_GT(std::stoi(retry_after), 0);
}

void expect_api_told_to_wait(const http_answer& answer) {
    expect_told_to_wait(answer);
    EXPECT_EQ(answer.header("content-type"), "application/problem+json");
    EXPECT_NE(answer.body.find("\"/problems/too-many-requests\""), std::string::npos);
}

void expect_page_told_to_wait_in_somali(const http_answer& answer) {
    expect_told_to_wait(answer);
    EXPECT_NE(answer.header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(answer.body.find("Fadlan wax yar sug"), std::string::npos) << answer.body;
}

TEST_F(abuse_limits, brute_forcing_codes_hits_the_limit_and_the_parent_still_gets_in) {
    auto times = free_times();
    ASSERT_GE(times.size(), 2u);
    auto code = book(k_parent, times[0]);

    // Eight wrong codes (the limit), one through each route that takes a code.
    for (const auto& answer : every_code_route(k_guesser, k_wrong_code, times[1])) {
        EXPECT_EQ(answer.status, 404) << answer.body;
        EXPECT_TRUE(answer.header("retry-after").empty());
    }
    // Now every code route refuses the guesser, even with the right code: it cannot tell a
    // hit from a miss any more.
    auto refused = every_code_route(k_guesser, code, times[1]);
    for (std::size_t i = 0; i < refused.size(); ++i) {
        SCOPED_TRACE(i);
        if (i < 4)
            expect_api_told_to_wait(refused[i]);
        else
            expect_page_told_to_wait_in_somali(refused[i]);
    }

    // The parent's own code from the parent's address works, and nothing was changed.
    auto own = get("/api/v1/bookings/self", from(k_parent, code));
    ASSERT_EQ(own.status, 200) << own.body;
    auto booking = boost::json::parse(own.body);
    EXPECT_EQ(booking.at("status").as_string(), "booked");
    EXPECT_EQ(booking.at("start").as_string(), times[0]);
    // Looking up one's own booking again and again costs nothing.
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(get("/api/v1/bookings/self", from(k_parent, code)).status, 200);

    auto metrics = get("/metrics");
    EXPECT_NE(metrics.body.find("event=\"requests_refused_by_abuse_limits\"} 8"), std::string::npos)
        << metrics.body;
}

TEST_F(abuse_limits, bookings_made_are_limited_per_address_and_day) {
    auto times = free_times();
    ASSERT_GE(times.size(), 4u);
    book(k_parent, times[0]);
    auto second = book(k_parent, times[1]);
    // A cancellation does not give the booking back: it would make the limit a revolving door.
    ASSERT_EQ(
        http_request(service_.port(), "DELETE", "/api/v1/bookings/self", "", from(k_parent, second))
            .status,
        200);
    expect_api_told_to_wait(post_json("/api/v1/bookings", phone_booking(times[2]), from(k_parent)));
    expect_page_told_to_wait_in_somali(post_form(
        "/book",
        "lang=so&unit=test-unit&channel=phone&phone=070-1234567&start=" + form_encoded(times[2]),
        from(k_parent)));
    EXPECT_EQ(post_json("/api/v1/bookings", phone_booking(times[2]), from(k_guesser)).status, 201);
}

TEST_F(abuse_limits, attempts_that_book_nothing_are_limited_per_hour) {
    auto times = free_times();
    ASSERT_GE(times.size(), 1u);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(
            post_json("/api/v1/bookings", phone_booking(times[0], "not a number"), from(k_guesser))
                .status,
            422);
    expect_api_told_to_wait(
        post_json("/api/v1/bookings", phone_booking(times[0]), from(k_guesser)));
    // Refused before the booking core: the time is still free.
    auto still_free = free_times();
    EXPECT_NE(std::find(still_free.begin(), still_free.end(), times[0]), still_free.end());
}

class abuse_limits_without_proxy : public abuse_limits {
protected:
    abuse_limits_without_proxy() : abuse_limits(limits_behind_proxy(3, 2, 5, false)) {}
};

TEST_F(abuse_limits_without_proxy, a_made_up_forwarded_for_does_not_make_a_new_client) {
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(
            get("/api/v1/bookings/self", from("192.0.2." + std::to_string(i + 1), k_wrong_code))
                .status,
            404);
    expect_api_told_to_wait(get("/api/v1/bookings/self", from("192.0.2.99", k_wrong_code)));
}

}  // namespace
}  // namespace samtal::testing
