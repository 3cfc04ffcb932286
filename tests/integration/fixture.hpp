// Shared set-up for tests against the running binary: a started service with the test unit,
// and helpers to find a free time and to book it.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "integration/http_client.hpp"
#include "integration/service_process.hpp"
#include "support/test_config.hpp"

namespace samtal::testing {

// The test unit with short timeouts, keys created in the data folder.
inline std::string service_config_text(const std::string& server_keys = "",
                                       const std::string& unit_keys = "",
                                       const std::string& invitation_keys = "") {
    return "[server]\nthreads = 2\nheader_timeout_ms = 1000\nbody_timeout_ms = "
           "1000\nidle_timeout_ms = 2000\n"
           "shutdown_grace_ms = 3000\n" +
           server_keys + "\n[secrets]\ncreate_missing_keys = true\n" +
           test_config_text(unit_keys, invitation_keys);
}

// Two weeks from now as RFC 3339 in UTC, the end of the ranges tests ask about.
inline std::string fortnight_from_now() {
    auto later = date::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                 std::chrono::hours(24 * 14);
    return format_utc(later, "%Y-%m-%dT%H:%M:00Z");
}

class service_test : public ::testing::Test {
protected:
    explicit service_test(const std::string& config_text = service_config_text())
        : service_(config_text) {}

    http_answer get(const std::string& target,
                    const std::map<std::string, std::string>& headers = {}) {
        return http_request(service_.port(), "GET", target, "", headers);
    }
    http_answer post_json(const std::string& target, const boost::json::value& body,
                          std::map<std::string, std::string> headers = {}) {
        headers.emplace("Content-Type", "application/json");
        return http_request(service_.port(), "POST", target, boost::json::serialize(body), headers);
    }

    // Free start times over the next fortnight, as the API gives them.
    std::vector<std::string> free_times(const std::string& language = "") {
        auto answer = get("/api/v1/availability?unit=test-unit&to=" + fortnight_from_now() +
                          (language.empty() ? "" : "&language=" + language));
        EXPECT_EQ(answer.status, 200) << fortnight_from_now() << " " << answer.body;
        std::vector<std::string> times;
        auto parsed = boost::json::parse(answer.body);
        for (const auto& time : parsed.at("times").as_array())
            times.emplace_back(time.at("start").as_string());
        return times;
    }

    boost::json::object phone_booking(const std::string& start,
                                      const std::string& phone = "070-123 45 67") {
        return {{"unit", "test-unit"}, {"start", start}, {"channel", "phone"}, {"phone", phone}};
    }

    service_process service_;
};

}  // namespace samtal::testing
