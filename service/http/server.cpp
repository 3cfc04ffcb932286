#include "service/http/server.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "service/http/http_session.hpp"
#include "service/http/listener.hpp"
#include "service/http/server_certificate.hpp"

namespace samtal {

namespace {

std::vector<std::unique_ptr<net::io_context>> make_contexts(int threads) {
    std::vector<std::unique_ptr<net::io_context>> contexts;
    for (int i = 0; i < std::max(threads, 1); ++i)
        contexts.push_back(std::make_unique<net::io_context>(1));
    return contexts;
}

}  // namespace

server::server(const server_config& limits, const abuse_limits_config& abuse_limits,
               const router& routes, problem_writer write_problem, access_log& log, metrics& stats,
               std::shared_ptr<server_certificate> certificate)
    : contexts_(make_contexts(limits.threads)),
      state_(std::make_shared<server_state>(limits, abuse_limits, routes, std::move(write_problem),
                                            log, stats, std::move(certificate))),
      listener_(std::make_shared<listener>(contexts_, state_)),
      signals_(*contexts_.front(), SIGINT, SIGTERM, SIGHUP) {
    for (const auto& context : contexts_) keep_serving_.push_back(net::make_work_guard(*context));
}

server::~server() = default;

tcp::endpoint server::bind() {
    auto where = state_->limits.listen_host + ":" + std::to_string(state_->limits.listen_port);
    boost::system::error_code ec;
    auto address = net::ip::make_address(state_->limits.listen_host, ec);
    if (ec) throw std::runtime_error("cannot listen on " + where + ": not an IP address");
    try {
        return listener_->bind({address, state_->limits.listen_port});
    } catch (const boost::system::system_error& error) {
        throw std::runtime_error("cannot listen on " + where + ": " + error.code().message());
    }
}

void server::run() {
    wait_for_signal();
    listener_->run();

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < contexts_.size(); ++i)
        threads.emplace_back([context = contexts_[i].get()] { context->run(); });
    contexts_.front()->run();
    for (auto& thread : threads) thread.join();
}

void server::wait_for_signal() {
    signals_.async_wait([this](boost::beast::error_code ec, int number) {
        if (ec) return;
        if (number != SIGHUP) return begin_shutdown();
        reload_certificate();
        wait_for_signal();
    });
}

void server::reload_certificate() {
    if (!state_->certificate) {
        state_->log.event("info", "SIGHUP: no TLS certificate to reload (serving plain HTTP)");
        return;
    }
    try {
        state_->certificate->reload();
        state_->log.event("info", "SIGHUP: reloaded the TLS certificate for new connections");
    } catch (const config_error& error) {
        // Names files and OpenSSL's reason, nothing from a request.
        state_->log.event("error",
                          std::string("SIGHUP: kept the TLS certificate in use: ") + error.what());
    }
}

void server::stop() {
    net::post(*contexts_.front(), [this] { begin_shutdown(); });
}

void server::begin_shutdown() {
    if (state_->stopping.exchange(true)) return;
    state_->log.event("info", "shutting down: no new connections, finishing requests in flight");
    listener_->stop();
    // Taken out under the lock, told outside it: another I/O thread may drop a session's other
    // references meanwhile, and the last one going here runs its destructor, which takes the
    // lock (a self-deadlock if it were still held).
    std::vector<std::shared_ptr<connection>> open;
    {
        std::lock_guard lock(state_->sessions_mutex);
        for (const auto& weak : state_->sessions)
            if (auto session = weak.lock()) open.push_back(std::move(session));
    }
    for (const auto& session : open) session->close_when_idle();
    open.clear();  // held, they would keep open the very sessions waited for below
    // Posted after the listener's stop, so the connections it takes from the backlog are
    // counted among those waited for.
    net::post(*contexts_.front(),
              [this, deadline = std::chrono::steady_clock::now() + state_->limits.shutdown_grace] {
                  wait_for_sessions(deadline);
              });
}

void server::wait_for_sessions(std::chrono::steady_clock::time_point deadline) {
    if (state_->open_connections == 0 || std::chrono::steady_clock::now() >= deadline) {
        if (state_->open_connections > 0)
            state_->log.event("warning", "grace period over; closing open connections");
        for (const auto& context : contexts_) context->stop();
        return;
    }
    drain_timer_ =
        std::make_unique<net::steady_timer>(*contexts_.front(), std::chrono::milliseconds(20));
    drain_timer_->async_wait([this, deadline](boost::beast::error_code ec) {
        if (!ec) wait_for_sessions(deadline);
    });
}

}  // namespace samtal
