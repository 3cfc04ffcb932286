// A CalDAV calendar on loopback as far as samtal's CalDAV delivery uses one (PUT with
// If-None-Match: * or If-Match, HEAD, DELETE), which can hold back its answers: told to stall,
// it applies each request and then keeps the connection open without answering, as a server
// does whose answer is lost on the way. It keeps what the calendar's owner sees: one event per
// resource (samtal names the resource after the event's UID). One request per connection, each
// on a thread of its own, so that one held request does not hold up the others.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace samtal::testing {

class stalling_calendar {
public:
    stalling_calendar() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] { serve(); });
    }
    ~stalling_calendar() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        released_.notify_all();
        boost::system::error_code ignored;
        boost::asio::io_context ioc;
        boost::asio::ip::tcp::socket poke(ioc);
        poke.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
        for (auto& connection : connections_) connection.join();
    }
    stalling_calendar(const stalling_calendar&) = delete;
    stalling_calendar& operator=(const stalling_calendar&) = delete;

    // The collection an advisor's invitations go to.
    std::string collection_url(const std::string& advisor) const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/" +
               advisor + "/calendar/";
    }

    // While on, requests are applied but not answered; off answers those held.
    void stall(bool on) {
        {
            std::lock_guard lock(mutex_);
            stalling_ = on;
        }
        released_.notify_all();
    }
    // How many requests are held now.
    int held() const {
        std::lock_guard lock(mutex_);
        return held_;
    }

    struct event {
        std::string etag;
        std::string ical;
        int writes = 0;  // the PUTs that wrote it
    };
    // The events by resource path.
    std::map<std::string, event> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    void serve() {
        for (;;) {
            boost::asio::ip::tcp::socket client(ioc_);
            boost::system::error_code ec;
            acceptor_.accept(client, ec);
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            if (ec) continue;
            connections_.emplace_back(
                [this, socket = std::move(client)]() mutable { answer(std::move(socket)); });
        }
    }

    void answer(boost::asio::ip::tcp::socket client) {
        namespace http = boost::beast::http;
        boost::system::error_code ec;
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> req;
        http::read(client, buffer, req, ec);
        if (ec) return;
        http::response<http::string_body> res{http::status::method_not_allowed, req.version()};
        std::unique_lock lock(mutex_);
        std::string path(req.target());
        auto found = events_.find(path);
        bool exists = found != events_.end();
        auto if_match = std::string(req[http::field::if_match]);
        bool create_only = req[http::field::if_none_match] == "*";
        if (req.method() == http::verb::put) {
            if ((create_only && exists) ||
                (!if_match.empty() && (!exists || found->second.etag != if_match))) {
                res.result(http::status::precondition_failed);
            } else {
                auto& written = events_[path];
                written.etag = "\"" + std::to_string(++version_) + "\"";
                written.ical = req.body();
                ++written.writes;
                res.result(exists ? http::status::no_content : http::status::created);
                res.set(http::field::etag, written.etag);
            }
        } else if (req.method() == http::verb::head) {
            res.result(exists ? http::status::ok : http::status::not_found);
            if (exists) res.set(http::field::etag, found->second.etag);
        } else if (req.method() == http::verb::delete_) {
            res.result(exists ? http::status::no_content : http::status::not_found);
            events_.erase(path);
        }
        if (stalling_) {
            ++held_;
            released_.wait(lock, [this] { return !stalling_ || stopping_; });
            --held_;
        }
        lock.unlock();
        res.keep_alive(false);
        res.prepare_payload();
        http::write(client, res, ec);  // a client killed meanwhile hears nothing
    }

    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    mutable std::mutex mutex_;
    std::condition_variable released_;
    bool stopping_ = false;
    bool stalling_ = false;
    int held_ = 0;
    int version_ = 0;
    std::map<std::string, event> events_;
    std::vector<std::thread> connections_;
    std::thread thread_;
};

}  // namespace samtal::testing
