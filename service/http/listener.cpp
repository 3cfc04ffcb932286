#include "service/http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "service/http/http_session.hpp"

namespace samtal {

listener::listener(const std::vector<std::unique_ptr<net::io_context>>& contexts,
                   std::shared_ptr<server_state> state)
    : contexts_(contexts),
      acceptor_(*contexts.front()),
      state_(std::move(state)),
      retry_timer_(acceptor_.get_executor()) {}

tcp::endpoint listener::bind(const tcp::endpoint& endpoint) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    return acceptor_.local_endpoint();
}

void listener::run() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        // Connections the kernel completed before the signal wait in the backlog: they are
        // taken and answered, not reset when the acceptor closes.
        boost::beast::error_code ec;
        self->acceptor_.non_blocking(true, ec);
        while (!ec && self->state_->open_connections < self->state_->limits.max_connections) {
            auto& context = *self->contexts_[self->next_context_++ % self->contexts_.size()];
            tcp::socket socket(context);
            self->acceptor_.accept(socket, ec);
            if (!ec) start_session(std::move(socket), self->state_);
        }
        boost::beast::error_code ignored;
        self->acceptor_.close(ignored);
        self->retry_timer_.cancel();
    });
}

void listener::do_accept() {
    // Connections take the I/O threads in turn. Each context is run by one thread, so a
    // connection's handlers never run concurrently and need no strand.
    auto& context = *contexts_[next_context_++ % contexts_.size()];
    acceptor_.async_accept(
        context.get_executor(),
        [self = shared_from_this()](boost::beast::error_code ec, tcp::socket socket) {
            self->on_accept(ec, std::move(socket));
        });
}

void listener::on_accept(boost::beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec && (!acceptor_.is_open() || state_->stopping)) return;
    if (ec) {
        // Out of file descriptors or similar: back off instead of spinning on accept.
        state_->log.event("warning", "accept failed: " + ec.message());
        retry_timer_.expires_after(std::chrono::milliseconds(100));
        retry_timer_.async_wait([self = shared_from_this()](boost::beast::error_code wait_ec) {
            if (!wait_ec) self->do_accept();
        });
        return;
    }
    if (state_->open_connections >= state_->limits.max_connections) {
        state_->stats.count("connections_refused");
        boost::beast::error_code ignored;
        socket.close(ignored);
    } else {
        start_session(std::move(socket), state_);
    }
    // Accepted just as shutdown began: answered above, and no more taken.
    if (state_->stopping || !acceptor_.is_open()) return;
    do_accept();
}

}  // namespace samtal
