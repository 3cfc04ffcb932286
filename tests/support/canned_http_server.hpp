// An HTTP server on loopback, on a port of its own, that gives every request the same answer and
// keeps the head of the last request: for tests of outgoing transfers below the adapters' fakes.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <mutex>
#include <string>
#include <thread>

namespace samtal::testing {

class canned_http_server {
public:
    // `answer` is the whole response, from the status line to the body.
    explicit canned_http_server(std::string answer)
        : answer_(std::move(answer)),
          acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] {
            for (;;) {
                boost::asio::ip::tcp::socket client(ioc_);
                boost::system::error_code ec;
                acceptor_.accept(client, ec);
                if (ec || stopping_) return;
                ++connections_;
                boost::asio::streambuf request;
                auto head_size = boost::asio::read_until(client, request, "\r\n\r\n", ec);
                std::string head(static_cast<const char*>(request.data().data()), head_size);
                {
                    std::lock_guard lock(mutex_);
                    last_request_ = head;
                }
                // The request's body is read before answering: closing with it unread would
                // reset the connection under the client.
                auto length = head.find("Content-Length: ");
                auto arrived = request.size() - head_size;
                if (length != std::string::npos) {
                    auto size = std::stoul(head.substr(length + 16));
                    if (size > arrived)
                        boost::asio::read(client, request,
                                          boost::asio::transfer_exactly(size - arrived), ec);
                }
                boost::asio::write(client, boost::asio::buffer(answer_), ec);
            }
        });
    }
    ~canned_http_server() {
        stopping_ = true;
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket poke(ioc);
        boost::system::error_code ignored;
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }
    canned_http_server(const canned_http_server&) = delete;
    canned_http_server& operator=(const canned_http_server&) = delete;

    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    int connections() const { return connections_; }
    // From the request line to the blank line after the headers.
    std::string last_request() const {
        std::lock_guard lock(mutex_);
        return last_request_;
    }

private:
    std::string answer_;
    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::string last_request_;
    std::thread thread_;
};

}  // namespace samtal::testing
