#include "service/http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>

namespace samtal {
namespace {

namespace beast = boost::beast;

// Room for a full header plus a read-ahead chunk of body or pipelined requests.
std::size_t buffer_limit(const server_config& limits) {
    return limits.max_header_bytes + 16 * 1024;
}

// Headers every answer carries (design.md: nothing cached, nothing framed, no referrers).
void add_standard_headers(response& res, const std::string& request_id) {
    res.set("X-Request-Id", request_id);
    if (res.find(http::field::cache_control) == res.end())
        res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    if (res.find("Content-Security-Policy") == res.end())
        res.set(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
            "base-uri 'none'; object-src 'none'");
}

// A socket reset before we ask has no peer; the unspecified address then stands for it (and
// shares its limits with every such connection).
net::ip::address peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    return ec ? net::ip::address() : endpoint.address();
}

}  // namespace

http_session::http_session(tcp::socket&& socket, std::shared_ptr<server_state> state)
    : stream_(std::move(socket)),
      buffer_(buffer_limit(state->limits)),
      state_(std::move(state)),
      peer_(peer_of(stream_.socket())) {
    state_->stats.set_open_connections(++state_->open_connections);
}

http_session::~http_session() {
    {
        std::lock_guard lock(state_->sessions_mutex);
        state_->sessions.erase(weak_from_this());
    }
    state_->stats.set_open_connections(--state_->open_connections);
}

void http_session::run() {
    {
        std::lock_guard lock(state_->sessions_mutex);
        state_->sessions.insert(weak_from_this());
    }
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this()] { self->wait_for_request(); });
}

void http_session::close_when_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        if (self->waiting_for_request_) self->close();
    });
}

void http_session::wait_for_request() {
    if (state_->stopping) return close();
    // Pipelined requests are already in the buffer.
    if (buffer_.size() > 0) return read_header();
    // An idle keep-alive connection may wait idle_timeout for its next request; the header
    // deadline starts with the first byte.
    waiting_for_request_ = true;
    stream_.expires_after(state_->limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(buffer_.max_size() - buffer_.size()),
                            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                                self->on_first_bytes(ec, bytes);
                            });
}

void http_session::on_first_bytes(beast::error_code ec, std::size_t bytes) {
    waiting_for_request_ = false;
    if (ec) return close();
    buffer_.commit(bytes);
    read_header();
}

void http_session::read_header() {
    parser_.emplace();
    parser_->header_limit(std::uint32_t(state_->limits.max_header_bytes));
    // The route's own limit applies once the header says which route it is.
    parser_->body_limit(boost::none);
    started_ = std::chrono::steady_clock::now();
    route_ = nullptr;
    route_name_ = "unmatched";
    method_ = "-";
    char id[24];
    std::snprintf(id, sizeof id, "%016llx",
                  static_cast<unsigned long long>(state_->next_request_id++));
    request_id_ = id;
    // One deadline for the whole header: it does not move as bytes trickle in.
    stream_.expires_after(state_->limits.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                                self->on_header(ec, bytes);
                            });
}

void http_session::on_header(beast::error_code ec, std::size_t) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        return send_problem(problem_kind::header_too_large, true);
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset)
        return close();
    if (ec) return send_problem(problem_kind::bad_request, true);

    const auto& header = parser_->get();
    // Only known methods are logged as they came; anything else is logged as "other".
    method_ = header.method() == http::verb::unknown
                  ? "other"
                  : std::string(http::to_string(header.method()));
    auto found = state_->routes.find(header.method(), header.target());
    route_name_ = found.name;
    bool has_body = !parser_->is_done();
    if (!found.found) {
        if (!found.allowed.empty()) {
            auto res = state_->write_problem(problem_kind::method_not_allowed, request(header));
            res.set(http::field::allow, found.allowed);
            keep_alive_ = header.keep_alive() && !has_body;
            return send(std::move(res));
        }
        return send_problem(problem_kind::not_found, has_body);
    }
    route_ = found.found;
    auto declared = parser_->content_length();
    if (declared && *declared > route_->body_limit)
        return send_problem(problem_kind::payload_too_large, true);
    if (!has_body) return dispatch();
    parser_->body_limit(route_->body_limit);
    stream_.expires_after(state_->limits.body_timeout);
    // Clients such as curl wait for "100 Continue" before they send a larger body.
    if (beast::iequals(header[http::field::expect], "100-continue")) {
        static constexpr std::string_view k_continue = "HTTP/1.1 100 Continue\r\n\r\n";
        return net::async_write(stream_, net::buffer(k_continue.data(), k_continue.size()),
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    if (ec) return self->close();
                                    self->read_body();
                                });
    }
    read_body();
}

void http_session::read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                         self->on_body(ec, bytes);
                     });
}

void http_session::on_body(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return send_problem(problem_kind::payload_too_large, true);
    if (ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset)
        return close();
    if (ec) return send_problem(problem_kind::bad_request, true);
    dispatch();
}

net::ip::address http_session::client_of(const request& req) const {
    std::vector<std::string_view> forwarded_for;
    for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it)
        forwarded_for.push_back(it->value());
    return client_address(peer_, forwarded_for, state_->clients.trusted_proxies());
}

void http_session::dispatch() {
    auto req = parser_->release();
    parser_.reset();
    keep_alive_ = req.keep_alive();
    head_request_ = req.method() == http::verb::head;
    client_limiter::ticket ticket;
    if (route_->limit != client_limit::none) {
        ticket = state_->clients.admit(route_->limit, client_of(req));
        if (!ticket.admitted) {
            state_->stats.count("requests_refused_by_abuse_limits");
            auto res = route_->refuse(req, ticket.retry_after);
            res.set(http::field::retry_after, std::to_string(ticket.retry_after.count()));
            return send(std::move(res));
        }
    }
    auto respond = [self = shared_from_this(), ticket](response res) {
        self->state_->clients.settle(ticket, res.result_int());
        net::post(self->stream_.get_executor(),
                  [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
    };
    try {
        route_->handler(std::move(req), respond);
    } catch (const std::exception& error) {
        // A programmer error: the message may carry request data, so only the route is logged.
        state_->log.event("error", "handler threw on route " + route_->path);
        send_problem(problem_kind::internal_error, false);
    }
}

void http_session::send_problem(problem_kind kind, bool close_after) {
    request req;
    if (parser_) req = request(parser_->get().base());
    if (close_after)
        keep_alive_ = false;
    else
        keep_alive_ = req.keep_alive();
    send(state_->write_problem(kind, req));
}

void http_session::send(response res) {
    requests_served_++;
    bool close_after = !keep_alive_ || state_->stopping ||
                       requests_served_ >= state_->limits.max_requests_per_connection ||
                       res.need_eof();
    res.keep_alive(!close_after);
    add_standard_headers(res, request_id_);
    if (head_request_) {
        // HEAD: the GET answer's headers, with its Content-Length, and no body.
        auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
        head_request_ = false;
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started_);
    auto status = res.result_int();
    state_->log.request(request_id_, method_, route_name_, status, elapsed);
    state_->stats.observe_request(route_name_, status, elapsed);

    outgoing_ = std::make_shared<response>(std::move(res));
    stream_.expires_after(state_->limits.body_timeout);
    http::async_write(
        stream_, *outgoing_,
        [self = shared_from_this(), close_after](beast::error_code ec, std::size_t bytes) {
            self->on_write(close_after, ec, bytes);
        });
}

void http_session::on_write(bool close_after, beast::error_code ec, std::size_t) {
    outgoing_.reset();
    if (ec || close_after) return close();
    wait_for_request();
}

void http_session::close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
}

}  // namespace samtal
