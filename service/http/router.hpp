// Routing: a table from (method, path) to a handler, with each route's body limit. A handler
// answers through `respond` exactly once, from any thread; blocking work goes to the
// blocking pool, never onto an I/O thread.
#pragma once

#include <algorithm>
#include <array>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace samtal {

namespace http = boost::beast::http;

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// What a handler answers with: a response, or a response whose body is an immutable buffer
// shared with a cache (a kept answer or page), written from there rather than copied into every
// response. The response's own body() then goes out in the middle of the shared buffer, at
// `own_at` (a kept form page with this answer's token). Any response converts to one.
struct reply : response {
    reply() = default;
    reply(response res) : response(std::move(res)) {}
    // `head` carries the status and fields, with the Content-Length of the whole body, and its
    // own body (if any) to go out at `own_at` of `shared`.
    reply(response head, std::shared_ptr<const std::string> shared,
          std::size_t own_at = std::string::npos)
        : response(std::move(head)), shared_body(std::move(shared)), own_at(own_at) {}

    // The bytes that go out after the header, in order: the shared buffer up to `own_at`, the
    // response's own body, the rest of the shared buffer, the tail.
    std::array<std::string_view, 4> body_parts() const {
        std::string_view shared = shared_body ? std::string_view(*shared_body) : "";
        auto at = std::min(own_at, shared.size());
        return {shared.substr(0, at), body(), shared.substr(at), tail};
    }

    std::shared_ptr<const std::string> shared_body;
    std::size_t own_at = std::string::npos;
    std::string tail;  // after everything (a compressed body's trailer, kept_body.hpp)
};

using respond_fn = std::function<void(reply)>;
using handler_fn = std::function<void(request&& req, respond_fn respond)>;
// The 429 answer for a client that has reached a limit, saying when to try again.
using refusal_fn = std::function<response(const request& req, std::chrono::seconds retry_after)>;

// What a route costs the client address that calls it (service/http/client_limiter.hpp).
enum class client_limit {
    none,
    booking,      // an attempt to book; a booking made also counts against the day
    code_lookup,  // a booking code or a staff password is checked; it costs only when wrong
};

struct route {
    http::verb method;
    // The path, where a segment "{name}" stands for any one segment ("/advisors/{id}"); also
    // the route name in logs and metrics, so that no id reaches them.
    std::string path;
    std::size_t body_limit = 0;
    handler_fn handler;
    client_limit limit = client_limit::none;
    refusal_fn refuse{};  // required when `limit` is not none
    // Who may call it, for a route behind a staff sign-in (service/api/staff_auth.hpp checks
    // them); empty: anyone.
    std::vector<std::string> roles{};
};

// The path segment at `index` of `target` ("/api/v1/staff/advisors/erik": 4 is "erik"),
// percent-decoded; empty when there is none or it does not decode.
std::string path_segment(std::string_view target, std::size_t index);

class router {
public:
    void add(route entry);

    struct match {
        const route* found = nullptr;         // the route for this method and path
        std::string allowed;                  // methods the path has, when only the method is wrong
        std::string_view name = "unmatched";  // the route template for logs and metrics
    };
    // Looks up the path part of `target` (the query is ignored).
    match find(http::verb method, std::string_view target) const;

    const std::vector<route>& routes() const { return routes_; }

private:
    std::vector<route> routes_;
};

}  // namespace samtal
