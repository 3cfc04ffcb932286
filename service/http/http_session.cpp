#include "service/http/http_session.hpp"

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>
#include <type_traits>

#include "service/http/response_wire.hpp"
#include "service/http/server_certificate.hpp"

namespace samtal {
namespace {

namespace beast = boost::beast;
namespace ssl = net::ssl;

using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

// Room for a full header plus a read-ahead chunk of body or pipelined requests.
std::size_t buffer_limit(const server_config& limits) {
    return limits.max_header_bytes + 16 * 1024;
}

// The ways a read ends that mean the client went away or took too long: nothing to answer.
bool client_gone(beast::error_code ec) {
    return ec == beast::error::timeout || ec == http::error::end_of_stream ||
           ec == net::error::eof || ec == net::error::operation_aborted ||
           ec == net::error::connection_reset || ec == ssl::error::stream_truncated;
}

// How long, once shutdown has begun, a connection that has not sent its first request yet is
// given for it: most likely it was accepted moments before the signal, its request on the way
// (one round trip), and it is answered rather than closed unanswered. A connection that stays
// silent (a browser's speculative preconnect) holds the shutdown up no longer than this.
constexpr std::chrono::milliseconds k_first_request_window{1000};

// A socket reset before we ask has no peer; the unspecified address then stands for it (and
// shares its limits with every such connection).
net::ip::address peer_of(const tcp::socket& socket) {
    beast::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    return ec ? net::ip::address() : endpoint.address();
}

template <class Stream>
class http_session : public connection, public std::enable_shared_from_this<http_session<Stream>> {
    static constexpr bool k_tls = std::is_same_v<Stream, tls_stream>;

public:
    http_session(tcp::socket&& socket, std::shared_ptr<server_state> state) requires(!k_tls)
        : stream_(std::move(socket)),
          buffer_(buffer_limit(state->limits)),
          state_(std::move(state)),
          peer_(peer_of(tcp_layer().socket())) {
        state_->stats.set_open_connections(++state_->open_connections);
    }
    http_session(tcp::socket&& socket, std::shared_ptr<ssl::context> context,
                 std::shared_ptr<server_state> state) requires k_tls
        : tls_context_(std::move(context)),
          stream_(std::move(socket), *tls_context_),
          buffer_(buffer_limit(state->limits)),
          state_(std::move(state)),
          peer_(peer_of(tcp_layer().socket())) {
        state_->stats.set_open_connections(++state_->open_connections);
    }
    ~http_session() override;

    void run();
    void close_when_idle() override;

private:
    beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(stream_); }
    void handshake();
    void on_handshake(beast::error_code ec);
    void wait_for_request();
    // Once shutting down: closes the connection if its first request has not begun to arrive
    // within k_first_request_window (or header_timeout, if shorter).
    void close_unless_asked_soon();
    void on_first_bytes(beast::error_code ec, std::size_t bytes);
    void read_header();
    void on_header(beast::error_code ec, std::size_t bytes);
    void read_body();
    void on_body(beast::error_code ec, std::size_t bytes);
    void dispatch();
    net::ip::address client_of(const request& req) const;
    void send(reply res);
    void on_write(bool close, beast::error_code ec, std::size_t bytes);
    void send_problem(problem_kind kind, bool close);
    void close();
    void close_socket();

    // Declared before the stream, which refers to it.
    std::shared_ptr<ssl::context> tls_context_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<server_state> state_;
    // Kept for the abuse limits only; never logged.
    net::ip::address peer_;
    // The answer being written, and its status line and fields as they go on the wire.
    reply outgoing_;
    std::string outgoing_header_;
    // The I/O thread that runs a route's handler, while it runs.
    std::atomic<std::thread::id> dispatching_thread_;
    const route* route_ = nullptr;
    std::string_view route_name_ = "unmatched";
    std::string request_id_;
    std::string method_;
    std::chrono::steady_clock::time_point started_;
    int requests_served_ = 0;
    bool waiting_for_request_ = false;
    bool head_request_ = false;
    bool keep_alive_ = false;
    bool handshake_done_ = false;
    bool closing_ = false;
};

template <class Stream>
http_session<Stream>::~http_session() {
    {
        std::lock_guard lock(state_->sessions_mutex);
        state_->sessions.erase(std::weak_ptr<connection>(this->weak_from_this()));
    }
    state_->stats.set_open_connections(--state_->open_connections);
}

template <class Stream>
void http_session<Stream>::run() {
    {
        std::lock_guard lock(state_->sessions_mutex);
        state_->sessions.insert(std::weak_ptr<connection>(this->weak_from_this()));
    }
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
        if constexpr (k_tls)
            self->handshake();
        else
            self->wait_for_request();
    });
}

template <class Stream>
void http_session<Stream>::handshake() {
    // A client that connects and never finishes its handshake is dropped like one that
    // never finishes its request header.
    tcp_layer().expires_after(state_->limits.header_timeout);
    stream_.async_handshake(
        ssl::stream_base::server,
        [self = this->shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
}

template <class Stream>
void http_session<Stream>::on_handshake(beast::error_code ec) {
    if (ec) {
        // Old protocol versions, plain HTTP on the TLS port, scanners, stalled clients.
        state_->stats.count("tls_handshakes_failed");
        return close_socket();
    }
    handshake_done_ = true;
    wait_for_request();
}

template <class Stream>
void http_session<Stream>::close_when_idle() {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
        if (!self->waiting_for_request_) return;
        if (self->requests_served_ == 0) return self->close_unless_asked_soon();
        // The pending read ends with operation_aborted, and on_first_bytes closes; a TLS
        // stream cannot say goodbye while its read is still pending.
        self->tcp_layer().cancel();
    });
}

template <class Stream>
void http_session<Stream>::close_unless_asked_soon() {
    auto timer = std::make_shared<net::steady_timer>(
        stream_.get_executor(),
        std::min<std::chrono::milliseconds>(k_first_request_window, state_->limits.header_timeout));
    timer->async_wait([self = this->shared_from_this(), timer](beast::error_code ec) {
        if (!ec && self->waiting_for_request_ && self->requests_served_ == 0)
            self->tcp_layer().cancel();
    });
}

template <class Stream>
void http_session<Stream>::wait_for_request() {
    // After an answer, shutting down closes; a first request is still awaited (briefly).
    bool first = requests_served_ == 0;
    if (state_->stopping && !first) return close();
    // Pipelined requests are already in the buffer.
    if (buffer_.size() > 0) return read_header();
    // An idle keep-alive connection may wait idle_timeout for its next request; the header
    // deadline starts with the first byte.
    waiting_for_request_ = true;
    tcp_layer().expires_after(state_->limits.idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(buffer_.max_size() - buffer_.size()),
        [self = this->shared_from_this()](beast::error_code ec, std::size_t bytes) {
            self->on_first_bytes(ec, bytes);
        });
    if (state_->stopping) close_unless_asked_soon();
}

template <class Stream>
void http_session<Stream>::on_first_bytes(beast::error_code ec, std::size_t bytes) {
    waiting_for_request_ = false;
    if (ec) return close();
    buffer_.commit(bytes);
    read_header();
}

template <class Stream>
void http_session<Stream>::read_header() {
    parser_.emplace();
    parser_->header_limit(std::uint32_t(state_->limits.max_header_bytes));
    // The route's own limit applies once the header says which route it is.
    parser_->body_limit(boost::none);
    started_ = std::chrono::steady_clock::now();
    route_ = nullptr;
    route_name_ = "unmatched";
    method_ = "-";
    head_request_ = false;
    char id[24];
    std::snprintf(id, sizeof id, "%016llx",
                  static_cast<unsigned long long>(state_->next_request_id++));
    request_id_ = id;
    // One deadline for the whole header: it does not move as bytes trickle in.
    tcp_layer().expires_after(state_->limits.header_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t bytes) {
            self->on_header(ec, bytes);
        });
}

template <class Stream>
void http_session<Stream>::on_header(beast::error_code ec, std::size_t) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        return send_problem(problem_kind::header_too_large, true);
    if (client_gone(ec)) return close();
    if (ec) return send_problem(problem_kind::bad_request, true);

    const auto& header = parser_->get();
    // Known from here on, so that every answer to a HEAD, refusals included, goes without a
    // body: a client reads none, and on a kept-alive connection a body would be taken for the
    // next answer.
    head_request_ = header.method() == http::verb::head;
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
    tcp_layer().expires_after(state_->limits.body_timeout);
    // Clients such as curl wait for "100 Continue" before they send a larger body.
    if (beast::iequals(header[http::field::expect], "100-continue")) {
        static constexpr std::string_view k_continue = "HTTP/1.1 100 Continue\r\n\r\n";
        return net::async_write(
            stream_, net::buffer(k_continue.data(), k_continue.size()),
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec) return self->close();
                self->read_body();
            });
    }
    read_body();
}

template <class Stream>
void http_session<Stream>::read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t bytes) {
                         self->on_body(ec, bytes);
                     });
}

template <class Stream>
void http_session<Stream>::on_body(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return send_problem(problem_kind::payload_too_large, true);
    if (client_gone(ec)) return close();
    if (ec) return send_problem(problem_kind::bad_request, true);
    dispatch();
}

template <class Stream>
net::ip::address http_session<Stream>::client_of(const request& req) const {
    std::vector<std::string_view> forwarded_for;
    for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it)
        forwarded_for.push_back(it->value());
    return client_address(peer_, forwarded_for, state_->clients.trusted_proxies());
}

template <class Stream>
void http_session<Stream>::dispatch() {
    auto req = parser_->release();
    parser_.reset();
    keep_alive_ = req.keep_alive();
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
    auto respond = [self = this->shared_from_this(), ticket](reply res) {
        self->state_->clients.settle(ticket, res.result_int());
        // A handler that answers at once (from memory) is still on this session's thread:
        // send without a second trip through the I/O queue. The blocking pool's answers post.
        if (self->dispatching_thread_.load() == std::this_thread::get_id())
            return self->send(std::move(res));
        net::post(self->stream_.get_executor(),
                  [self, res = std::move(res)]() mutable { self->send(std::move(res)); });
    };
    dispatching_thread_ = std::this_thread::get_id();
    struct on_return {
        std::atomic<std::thread::id>& thread;
        ~on_return() { thread = std::thread::id(); }
    } done{dispatching_thread_};
    try {
        route_->handler(std::move(req), respond);
    } catch (const std::exception& error) {
        // A programmer error: the message may carry request data, so only the route is logged.
        state_->log.event("error", "handler threw on route " + route_->path);
        send_problem(problem_kind::internal_error, false);
    }
}

template <class Stream>
void http_session<Stream>::send_problem(problem_kind kind, bool close_after) {
    request req;
    if (parser_) req = request(parser_->get().base());
    if (close_after)
        keep_alive_ = false;
    else
        keep_alive_ = req.keep_alive();
    send(state_->write_problem(kind, req));
}

template <class Stream>
void http_session<Stream>::send(reply res) {
    requests_served_++;
    bool close_after = !keep_alive_ || state_->stopping ||
                       requests_served_ >= state_->limits.max_requests_per_connection ||
                       res.need_eof();
    res.keep_alive(!close_after);
    add_standard_headers(res, request_id_, k_tls);
    if (head_request_) {
        // HEAD: the GET answer's headers, with its Content-Length, and no body.
        std::size_t length = 0;
        for (auto part : res.body_parts()) length += part.size();
        res.body().clear();
        res.shared_body.reset();
        res.tail.clear();
        res.content_length(length);
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started_);
    auto status = res.result_int();
    state_->log.request(request_id_, method_, route_name_, status, elapsed);
    state_->stats.observe_request(route_name_, status, elapsed);

    outgoing_ = std::move(res);
    write_header(outgoing_, outgoing_header_);
    tcp_layer().expires_after(state_->limits.body_timeout);
    // One gather write of the header and the body's parts: what Beast's serializer would send,
    // without its per-write walk over nested buffer views.
    auto body = outgoing_.body_parts();
    std::array<net::const_buffer, 5> buffers{net::buffer(outgoing_header_), net::buffer(body[0]),
                                             net::buffer(body[1]), net::buffer(body[2]),
                                             net::buffer(body[3])};
    net::async_write(
        stream_, buffers,
        [self = this->shared_from_this(), close_after](beast::error_code ec, std::size_t bytes) {
            self->on_write(close_after, ec, bytes);
        });
}

template <class Stream>
void http_session<Stream>::on_write(bool close_after, beast::error_code ec, std::size_t) {
    // Not kept for the next answer: an idle connection holds no body.
    outgoing_ = reply();
    if (ec || close_after) return close();
    wait_for_request();
}

template <class Stream>
void http_session<Stream>::close() {
    if (closing_) return;
    closing_ = true;
    if constexpr (k_tls) {
        if (handshake_done_ && tcp_layer().socket().is_open()) {
            // close_notify, so the client knows the answer was complete; a client that does
            // not answer it gets no longer than a request header would.
            tcp_layer().expires_after(state_->limits.header_timeout);
            return stream_.async_shutdown(
                [self = this->shared_from_this()](beast::error_code) { self->close_socket(); });
        }
    }
    close_socket();
}

template <class Stream>
void http_session<Stream>::close_socket() {
    beast::error_code ignored;
    tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_layer().socket().close(ignored);
}

}  // namespace

void start_session(tcp::socket&& socket, const std::shared_ptr<server_state>& state) {
    if (state->certificate)
        std::make_shared<http_session<tls_stream>>(std::move(socket), state->certificate->current(),
                                                   state)
            ->run();
    else
        std::make_shared<http_session<plain_stream>>(std::move(socket), state)->run();
}

}  // namespace samtal
