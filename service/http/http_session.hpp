// One HTTP/1.1 connection: reads a request with bounded time and size, routes it, writes the
// answer, and keeps the connection alive while the client wants it and the server runs.
// Requests on a connection are answered one at a time, in order; pipelined requests wait in
// the bounded read buffer.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "service/http/server.hpp"

namespace samtal {

class http_session : public std::enable_shared_from_this<http_session> {
public:
    http_session(tcp::socket&& socket, std::shared_ptr<server_state> state);
    ~http_session();

    void run();
    // Closes the connection if it is waiting for a request; otherwise it closes after the
    // response in flight. Safe from any thread.
    void close_when_idle();

private:
    void wait_for_request();
    void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
    void read_header();
    void on_header(boost::beast::error_code ec, std::size_t bytes);
    void read_body();
    void on_body(boost::beast::error_code ec, std::size_t bytes);
    void dispatch();
    net::ip::address client_of(const request& req) const;
    void send(response res);
    void on_write(bool close, boost::beast::error_code ec, std::size_t bytes);
    void send_problem(problem_kind kind, bool close);
    void close();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<server_state> state_;
    // Kept for the abuse limits only; never logged.
    net::ip::address peer_;
    std::shared_ptr<response> outgoing_;
    const route* route_ = nullptr;
    std::string_view route_name_ = "unmatched";
    std::string request_id_;
    std::string method_;
    std::chrono::steady_clock::time_point started_;
    int requests_served_ = 0;
    bool waiting_for_request_ = false;
    bool head_request_ = false;
    bool keep_alive_ = false;
};

}  // namespace samtal
