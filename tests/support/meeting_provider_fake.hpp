// The local fake of Zoom's and Microsoft Graph's meeting APIs (tests/fakes/meeting_providers.py)
// on a loopback port, with what tests need to steer it and read what it received.
#pragma once

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/fake_server.hpp"

namespace samtal::testing {

class meeting_provider_fake {
public:
    static constexpr const char* client_id = "samtal-client";
    static constexpr const char* client_secret = "s3cret-value";

    meeting_provider_fake(const std::filesystem::path& log_dir, int token_seconds = 3600)
        : server_("meeting_providers.py", {client_id, client_secret, std::to_string(token_seconds)},
                  log_dir) {}

    std::string base_url() const { return server_.base_url(); }
    unsigned short port() const { return server_.port(); }

    // The requests whose path contains `path_part`, oldest first.
    std::vector<boost::json::object> requests_to(std::string_view path_part) const {
        auto matching = server_.requests();
        std::erase_if(matching, [&](const boost::json::object& request) {
            return std::string_view(request.at("path").as_string()).find(path_part) ==
                   std::string_view::npos;
        });
        return matching;
    }

    // The next `times` requests whose path contains `path_part` get `status`.
    void fail_next(const std::string& path_part, int status, int times) const {
        server_.fail_next(path_part, status, times);
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
    void revoke_tokens() const { server_.steer("/_revoke"); }

private:
    fake_server server_;
};

}  // namespace samtal::testing
