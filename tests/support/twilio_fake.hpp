// The local fake of Twilio's Conference Participants and Messages APIs (tests/fakes/twilio.py) on a
// loopback port, with what tests need to steer it and read what it received.
#pragma once

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/fake_server.hpp"

namespace samtal::testing {

class twilio_fake {
public:
    static constexpr const char* account_sid = "AC0123456789abcdef0123456789abcdef";
    static constexpr const char* auth_token = "twilio-auth-t0ken";
    static constexpr const char* from = "+46850550000";  // the unit's number

    explicit twilio_fake(const std::filesystem::path& log_dir)
        : server_("twilio.py", {account_sid, auth_token, from}, log_dir) {}

    std::string base_url() const { return server_.base_url(); }

    // Every request to the API, oldest first, each with its form fields' values as well.
    std::vector<boost::json::object> all_requests() const { return server_.requests(); }

    // The calls asked for: the requests that add a participant.
    std::vector<boost::json::object> requests() const {
        auto calls = all_requests();
        std::erase_if(calls, [](const boost::json::object& request) {
            return request.at("method").as_string() != "POST" ||
                   request.at("path").as_string().ends_with("/Messages.json");
        });
        return calls;
    }

    // The text messages the fake took (answered 201), oldest first, as Twilio's message
    // resources ("to", "from", "body", "sid", ...).
    std::vector<boost::json::object> messages() const {
        auto answer = server_.steer("/_messages");
        std::vector<boost::json::object> taken;
        auto listed = boost::json::parse(answer.body);
        for (const auto& message : listed.as_array()) taken.push_back(message.as_object());
        return taken;
    }

    // Every request to the Messages API, taken or refused, with its form fields.
    std::vector<boost::json::object> message_requests() const {
        auto texts = all_requests();
        std::erase_if(texts, [](const boost::json::object& request) {
            return !request.at("path").as_string().ends_with("/Messages.json");
        });
        return texts;
    }

    // The next `times` text messages (to `to`, when given) get `status`.
    void fail_next_message(int status, int times, const std::string& to = "") const {
        server_.fail_next("/Messages.json", status, times, to);
    }

    // The numbers called so far, in order.
    std::vector<std::string> dialled_numbers() const {
        std::vector<std::string> numbers;
        for (const auto& request : requests())
            numbers.emplace_back(request.at("form").at("To").as_string());
        return numbers;
    }

    // The next `times` requests to call `to` (anyone, when empty) get `status`.
    void fail_next(int status, int times, const std::string& to = "") const {
        server_.fail_next("/Participants", status, times, to);
    }

    // The next `times` looks at whether a conference has started get `status`.
    void fail_next_check(int status, int times) const {
        server_.fail_next("/Conferences.json", status, times);
    }

    // Calls to `number` ring and are never answered.
    void never_answer(const std::string& number) const {
        server_.steer("/_unanswered", {{"to", number}});
    }

    // The next `times` calls to `number` go through, but their answers come five seconds late.
    void answer_late(const std::string& number, int times) const {
        server_.steer("/_late", {{"to", number}, {"times", times}});
    }

    // The next `times` requests get no answer for five seconds.
    void go_silent(int times) const { server_.steer("/_silence", {{"times", times}}); }

    // A unit's [units.telephony] table on this fake; the token comes from the environment as
    // in production.
    std::string unit_telephony_keys() const {
        ::setenv("SAMTAL_TEST_TWILIO_TOKEN", auth_token, 1);
        return std::string("[units.telephony]\nprovider = \"twilio\"\naccount_sid = \"") +
               account_sid + "\"\nauth_token_env = \"SAMTAL_TEST_TWILIO_TOKEN\"\nfrom = \"" + from +
               "\"\napi_url = \"" + base_url() + "\"\ntimeout_ms = 2000\n";
    }

private:
    fake_server server_;
};

}  // namespace samtal::testing
