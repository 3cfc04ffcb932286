// The local fake of Zoom's and Microsoft Graph's meeting APIs (tests/fakes/meeting_providers.py)
// on a loopback port, with what tests need to steer it and read what it received.
#pragma once

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "integration/http_client.hpp"
#include "support/external_process.hpp"

namespace samtal::testing {

class meeting_provider_fake {
public:
    static constexpr const char* client_id = "samtal-client";
    static constexpr const char* client_secret = "s3cret-value";

    meeting_provider_fake(const std::filesystem::path& log_dir, int token_seconds = 3600)
        : process_({"/usr/bin/python3", SAMTAL_SOURCE_DIR "/tests/fakes/meeting_providers.py",
                    std::to_string(port_), client_id, client_secret, std::to_string(token_seconds)},
                   port_, (log_dir / "meeting_providers.log").string()) {
        process_.start();
    }

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    unsigned short port() const { return port_; }

    // The requests whose path contains `path_part`, oldest first.
    std::vector<boost::json::object> requests_to(std::string_view path_part) const {
        std::vector<boost::json::object> matching;
        auto log = boost::json::parse(http_request(port_, "GET", "/_log").body);
        for (const auto& request : log.as_array())
            if (std::string_view(request.at("path").as_string()).find(path_part) !=
                std::string_view::npos)
                matching.push_back(request.as_object());
        return matching;
    }

    // The next `times` requests whose path contains `path_part` get `status`.
    void fail_next(const std::string& path_part, int status, int times) const {
        http_request(port_, "POST", "/_fail",
                     boost::json::serialize(boost::json::object{
                         {"path_contains", path_part}, {"status", status}, {"times", times}}));
    }

    // A unit's [[units.hosted_meetings]] entry for Zoom on this fake; the secret comes from the
    // environment as in production.
    std::string unit_account_keys() const {
        ::setenv("SAMTAL_TEST_MEETING_SECRET", client_secret, 1);
        return std::string(
                   "[[units.hosted_meetings]]\nplatform = \"zoom\"\naccount_id = \"acct\"\n") +
               "client_id = \"" + client_id +
               "\"\nclient_secret_env = \"SAMTAL_TEST_MEETING_SECRET\"\n"
               "user_id = \"unit@example.org\"\ntoken_url = \"" +
               base_url() + "/oauth/token\"\napi_url = \"" + base_url() +
               "/v2\"\ntimeout_ms = 2000\n";
    }

    // Every token issued so far stops working (the API answers 401).
    void revoke_tokens() const { http_request(port_, "POST", "/_revoke"); }

private:
    unsigned short port_ = free_port();
    external_process process_;
};

}  // namespace samtal::testing
