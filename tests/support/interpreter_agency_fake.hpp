// The local fake interpreter agency (tests/fakes/interpreter_agency.py) on a loopback port, with
// what tests need to steer it and read what it received.
#pragma once

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/fake_server.hpp"

namespace samtal::testing {

class interpreter_agency_fake {
public:
    static constexpr const char* api_key = "agency-api-key";
    static constexpr const char* callback_secret = "a-shared-secret-of-at-least-32-characters";

    explicit interpreter_agency_fake(const std::filesystem::path& log_dir)
        : server_("interpreter_agency.py", {api_key, callback_secret}, log_dir) {}

    // The unit's [units.interpreters] for this agency; the secrets come from the environment as
    // in production.
    std::string unit_keys(const std::string& more = "") const {
        ::setenv("SAMTAL_TEST_AGENCY_KEY", api_key, 1);
        ::setenv("SAMTAL_TEST_AGENCY_SECRET", callback_secret, 1);
        return "\n  [units.interpreters]\n  agency = \"http\"\n  api_url = \"" +
               server_.base_url() +
               "/api\"\n  api_key_env = \"SAMTAL_TEST_AGENCY_KEY\"\n"
               "  callback_secret_env = \"SAMTAL_TEST_AGENCY_SECRET\"\n  timeout_ms = 2000\n" +
               more;
    }

    // Where the agency calls samtal back.
    void call_back_to(unsigned short samtal_port) const {
        server_.steer("/_target",
                      {{"url", "http://127.0.0.1:" + std::to_string(samtal_port) +
                                   "/api/v1/interpreter-agencies/callback?unit=test-unit"}});
    }

    // "silent", "confirm_phone", "confirm_video" or "decline".
    void answer_with(const std::string& mode) const { server_.steer("/_mode", {{"mode", mode}}); }

    // Sets a request's status for samtal to find by polling.
    void set_status(const std::string& reference, const std::string& status) const {
        server_.steer("/_answer", {{"reference", reference}, {"status", status}});
    }

    // Sends samtal a callback with `body`; a signature made with `secret` (the right one unless
    // given) at `timestamp` (now unless given), or exactly `signature`. Returns samtal's status.
    int send_callback(const std::string& body, const std::string& timestamp = "",
                      const std::string& secret = "", const std::string& signature = "") const {
        boost::json::object command{{"body", body}};
        if (!timestamp.empty()) command["timestamp"] = timestamp;
        if (!secret.empty()) command["secret"] = secret;
        if (!signature.empty()) command["signature"] = signature;
        auto answer = server_.steer("/_callback", command);
        return int(boost::json::parse(answer.body).at("status").as_int64());
    }

    // The API requests received, oldest first, with their idempotency keys.
    std::vector<boost::json::object> requests() const { return server_.requests(); }

    std::size_t count(const std::string& method) const {
        std::size_t n = 0;
        for (const auto& request : requests())
            if (request.at("method").as_string() == method) ++n;
        return n;
    }

private:
    fake_server server_;
};

}  // namespace samtal::testing
