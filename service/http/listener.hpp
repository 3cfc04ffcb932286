// Accepts connections, up to the connection cap, and gives each a session on one of the I/O
// threads' io_contexts in turn.
#pragma once

#include <memory>
#include <vector>

#include "service/http/server.hpp"

namespace samtal {

class listener : public std::enable_shared_from_this<listener> {
public:
    // Accepts on the first context; `contexts` outlive the listener.
    listener(const std::vector<std::unique_ptr<net::io_context>>& contexts,
             std::shared_ptr<server_state> state);

    tcp::endpoint bind(const tcp::endpoint& endpoint);
    void run();
    void stop();

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, tcp::socket socket);

    const std::vector<std::unique_ptr<net::io_context>>& contexts_;
    std::size_t next_context_ = 0;  // touched only on the first context's thread
    tcp::acceptor acceptor_;
    std::shared_ptr<server_state> state_;
    net::steady_timer retry_timer_;
};

}  // namespace samtal
