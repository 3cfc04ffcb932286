// What the hosted-meeting adapters share: JSON calls to a provider's API with an OAuth access
// token from the client-credentials grant (Zoom's account credentials, Microsoft identity
// platform's client credentials), cached until shortly before it expires and fetched again
// once when the API says 401.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "adapters/outgoing_http/curl_call.hpp"
#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/outside_call.hpp"
#include "service/core/unit.hpp"

namespace samtal {

class provider_client {
public:
    provider_client(const hosted_meetings_config& settings, const outgoing_config& outgoing)
        : settings_(settings), outgoing_(outgoing) {}
    virtual ~provider_client() = default;

    // One call to the API: `path` is appended to the configured api_url.
    json_answer call(const std::string& method, const std::string& path,
                     const std::string& json_body);

protected:
    // The token request of the provider: URL, form body (may be empty) and whether the client
    // id and secret go in a Basic authorization header.
    struct token_request {
        std::string url;
        std::string form;
        bool basic_auth = false;
    };
    virtual token_request how_to_get_a_token() const = 0;

    const hosted_meetings_config& settings_;
    const outgoing_config& outgoing_;

private:
    // The cached token, or a new one; nullopt with `failure` set when none could be had.
    std::optional<std::string> access_token(outside_call_result& failure);
    json_answer exchange(const std::string& method, const std::string& url, const std::string& body,
                         const std::string& content_type, api_credentials credentials);

    std::mutex mutex_;
    std::string token_;
    std::chrono::steady_clock::time_point token_expires_;
};

}  // namespace samtal
