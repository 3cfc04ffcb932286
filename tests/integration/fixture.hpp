// Shared set-up for tests against the running binary: a started service with the test unit,
// and helpers to find a free time and to book it.
#pragma once

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>

#include "integration/http_client.hpp"
#include "integration/service_process.hpp"
#include "service/core/booking_code.hpp"
#include "service/privacy/secret_key.hpp"
#include "service/store/database.hpp"
#include "service/web/form_token.hpp"
#include "support/test_config.hpp"

namespace samtal::testing {

// A staff token as the configuration names it: its SHA-256 in hex.
inline std::string hex_sha256(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    return to_hex(digest, sizeof digest);
}

// A form body value, percent-encoded.
inline std::string form_encoded(const std::string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// Service tokens of the test unit's staff, one per role that works in the unit (Amina is the
// advisor), for configurations made with staff_token_config().
constexpr const char* k_manager = "manager-token";
constexpr const char* k_advisor = "advisor-token";
constexpr const char* k_coordinator = "coordinator-token";

inline std::string staff_token_config() {
    return "[[staff_tokens]]\nname = \"manager\"\nrole = \"manager\"\nunit = \"test-unit\"\n"
           "sha256 = \"" +
           hex_sha256(k_manager) +
           "\"\n\n[[staff_tokens]]\nname = \"amina\"\nrole = \"advisor\"\nunit = \"test-unit\"\n"
           "advisor = \"amina\"\nsha256 = \"" +
           hex_sha256(k_advisor) +
           "\"\n\n[[staff_tokens]]\nname = \"cora\"\nrole = \"coordinator\"\n"
           "unit = \"test-unit\"\nsha256 = \"" +
           hex_sha256(k_coordinator) + "\"\n\n";
}

// Abuse limits that tests of other things never reach: they all book from 127.0.0.1.
inline const std::string k_generous_abuse_limits =
    "booking_attempts_per_hour = 100000\nbookings_per_day = 100000\n"
    "wrong_codes_per_hour = 100000\n";

// The test unit with short timeouts, keys created in the data folder.
inline std::string service_config_text(
    const std::string& server_keys = "", const std::string& unit_keys = "",
    const std::string& invitation_keys = "",
    const std::string& abuse_limit_keys = k_generous_abuse_limits) {
    return "[server]\nthreads = 2\nheader_timeout_ms = 1000\nbody_timeout_ms = "
           "1000\nidle_timeout_ms = 2000\n"
           "shutdown_grace_ms = 3000\n" +
           server_keys + "\n[abuse_limits]\n" + abuse_limit_keys +
           "\n[secrets]\ncreate_missing_keys = true\n" +
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
    // A post as the service's own form sends it: with a fresh token for `target`, unless the
    // body brings its own.
    http_answer post_form(const std::string& target, const std::string& body,
                          std::map<std::string, std::string> headers = {}) {
        headers.emplace("Content-Type", "application/x-www-form-urlencoded");
        auto signed_body = body.find("form_token=") == std::string::npos
                               ? body + "&form_token=" + form_encoded(token_for(target))
                               : body;
        return http_request(service_.port(), "POST", target, signed_body, headers);
    }

    // A token for the form that posts to `action`, signed as the service signs it (the test
    // reads the code key the service created in its data folder).
    std::string token_for(const std::string& action,
                          std::chrono::seconds age = std::chrono::seconds(0)) {
        auto now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        return form_token_signer(code_key()).issue(action, now - age);
    }

    // The code key the service created in its data folder.
    secret_key code_key() const {
        std::ifstream file(service_.data_dir() / "keys/code.key");
        std::string hex;
        file >> hex;
        secret_key key{};
        EXPECT_TRUE(parse_hex_key(hex, key));
        return key;
    }

    // Moves the booking of `code` in the database so that its conversation started `ago` and
    // took 45 minutes: what waiting for it would do, without waiting.
    void let_conversation_start(const std::string& code, std::chrono::minutes ago) {
        auto hash = booking_code_hasher(code_key()).hash(*canonical_booking_code(code));
        auto now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        auto start = (now - ago).time_since_epoch().count();
        database store(service_.store().location(), 1);
        store.write([&](database::connection& db) {
            auto move =
                db.prepared("UPDATE bookings SET start_at = ?, end_at = ? WHERE code_hash = ?");
            move->bind(1, std::int64_t(start));
            move->bind(2, std::int64_t(start + 45 * 60));
            move->bind(3, hash.data(), int(hash.size()));
            EXPECT_EQ(move->exec(), 1);
        });
    }

    // The token a page carries in its form that posts to `action`.
    static std::string token_on(const std::string& page, const std::string& action) {
        std::smatch match;
        if (!std::regex_search(page, match,
                               std::regex("action=\"" + action +
                                          "\"[^>]*>\\s*<input type=\"hidden\" name=\"form_token\" "
                                          "value=\"([^\"]+)\"")))
            return "";
        return match[1];
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
