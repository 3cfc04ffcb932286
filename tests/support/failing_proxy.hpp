// An HTTP proxy in front of a real server that answers 503 while told to: how a test makes a
// real CalDAV server "fail for a while". One request per connection.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <thread>

namespace samtal::testing {

class failing_proxy {
public:
    explicit failing_proxy(unsigned short upstream)
        : upstream_(upstream), acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] { serve(); });
    }
    ~failing_proxy() {
        stopping_ = true;
        boost::system::error_code ignored;
        // Wake the blocking accept with a connection of our own.
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket poke(ioc);
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }

    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    void fail(bool on) { failing_ = on; }
    int refused() const { return refused_; }

private:
    void serve() {
        namespace http = boost::beast::http;
        while (!stopping_) {
            boost::asio::ip::tcp::socket client(ioc_);
            boost::system::error_code ec;
            acceptor_.accept(client, ec);
            if (ec || stopping_) continue;
            boost::beast::flat_buffer buffer;
            http::request<http::string_body> req;
            http::read(client, buffer, req, ec);
            if (ec) continue;
            http::response<http::string_body> res;
            if (failing_) {
                ++refused_;
                res = {http::status::service_unavailable, req.version()};
                res.body() = "down for maintenance";
            } else {
                boost::asio::ip::tcp::socket server(ioc_);
                server.connect({boost::asio::ip::make_address("127.0.0.1"), upstream_}, ec);
                req.keep_alive(false);
                if (!ec) http::write(server, req, ec);
                boost::beast::flat_buffer server_buffer;
                if (!ec) http::read(server, server_buffer, res, ec);
                if (ec) res = {http::status::bad_gateway, req.version()};
            }
            res.keep_alive(false);
            res.prepare_payload();
            http::write(client, res, ec);
        }
    }

    unsigned short upstream_;
    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::atomic<bool> failing_{false};
    std::atomic<bool> stopping_{false};
    std::atomic<int> refused_{0};
    std::thread thread_;
};

}  // namespace samtal::testing
