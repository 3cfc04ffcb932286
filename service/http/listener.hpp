// Accepts connections and gives each its own strand and session, up to the connection cap.
#pragma once

#include <memory>

#include "service/http/server.hpp"

namespace samtal {

class listener : public std::enable_shared_from_this<listener> {
public:
    listener(net::io_context& ioc, std::shared_ptr<server_state> state);

    tcp::endpoint bind(const tcp::endpoint& endpoint);
    void run();
    void stop();

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    std::shared_ptr<server_state> state_;
    net::steady_timer retry_timer_;
};

}  // namespace samtal
