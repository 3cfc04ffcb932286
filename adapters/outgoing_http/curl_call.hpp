// One blocking libcurl transfer with the settings every outgoing call shares (timeouts, TLS
// verification, no signals, no redirects, only public addresses), and the classification of
// its failure into retry or give up; and one call to a JSON API on such a transfer.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/outside_call.hpp"

namespace samtal {

class curl_call {
public:
    // A handle with a total timeout, TLS verification as given, no redirects followed, no
    // proxy from the environment (a proxy would connect where the address check cannot see)
    // and no signals (the worker is a thread). Every connection it opens, whatever the URL
    // and wherever a redirect would lead, goes only to a public address unless the URL's
    // host is one that `outgoing` allows.
    curl_call(std::chrono::milliseconds timeout, bool verify_tls, const outgoing_config& outgoing);
    curl_call(const curl_call&) = delete;
    curl_call& operator=(const curl_call&) = delete;

    // nullptr when libcurl could not start.
    CURL* handle() const { return handle_.get(); }

    // Trusts the certificates in `ca_file` instead of the system's bundle; nothing when empty.
    void trust(const std::filesystem::path& ca_file);

    CURLcode perform() { return curl_easy_perform(handle_.get()); }

    // Transport failures (no answer at all) are worth retrying unless they are about trust,
    // configuration or a refused address, which only an operator can fix.
    outside_call_result failure(CURLcode code) const;

private:
    static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
    bool host_allowed() const;

    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle_;
    const outgoing_config& outgoing_;
    std::string refusal_;  // why the guard refused a connection, for failure()
};

// How a call to an API says who is calling: not at all, with a bearer token, or with HTTP
// Basic.
struct bearer_credentials {
    std::string token;
};
struct basic_credentials {
    std::string user;
    std::string password;
};
using api_credentials = std::variant<std::monostate, bearer_credentials, basic_credentials>;

// A call to a JSON API. The body goes with any method but GET and DELETE, even when empty, and
// is labelled `content_type` when it is not; an answer longer than `answer_limit` bytes is a
// transport failure; `party` is who runs the API, as a refusal's reason names it.
// The fields without a default must be given (-Wmissing-field-initializers says which).
struct json_request {
    std::string method;
    std::string url;
    std::string body = {};
    std::string content_type = {};
    std::vector<std::string> headers = {};  // more header lines ("Idempotency-Key: ...")
    api_credentials credentials = {};
    std::size_t answer_limit;
    std::string party;
};

struct json_answer {
    outside_call_result outcome;  // delivered for 2xx
    long status = 0;              // 0 when there was no answer
    std::string body;
};

// Makes the call on a fresh `transfer`. Without an answer the outcome is the transport failure's
// (curl_call::failure); with one, the HTTP status's (http_outcome), and a refusal's reason is
// "<party> answered <status>": never a body or the URL, which may hold what identifies a parent.
json_answer json_exchange(curl_call& transfer, const json_request& request);

// An HTTP status as a delivery outcome: 2xx delivered; 408, 425, 429 and 5xx retried; other
// 4xx given up.
delivery_status http_outcome(long status);

// A text for a URL's query or path, or a form field: percent-encoded except unreserved
// characters.
std::string url_encoded(std::string_view text);

}  // namespace samtal
