// The HTTP server: a small pool of I/O threads, each running an io_context of its own, a
// listener, and a session per connection on one of them, plain or over TLS. Stops gracefully on SIGTERM/SIGINT: no new
// connections, in-flight requests finish within the grace period, idle connections close.
// Loads its TLS certificate again on SIGHUP.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "service/http/settings.hpp"
#include "service/http/access_log.hpp"
#include "service/http/client_limiter.hpp"
#include "service/http/metrics.hpp"
#include "service/http/problem.hpp"
#include "service/http/router.hpp"

namespace samtal {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class connection;
class listener;
class server_certificate;

// What every session shares: the routes, the limits, the log and the metrics, the TLS
// certificate (none for plain HTTP), and the set of open sessions so that shutdown can reach
// them.
struct server_state {
    server_state(const server_config& limits, const abuse_limits_config& abuse_limits,
                 const router& routes, problem_writer write_problem, access_log& log,
                 metrics& stats, std::shared_ptr<server_certificate> certificate)
        : limits(limits),
          routes(routes),
          write_problem(std::move(write_problem)),
          log(log),
          stats(stats),
          clients(abuse_limits),
          certificate(std::move(certificate)) {}

    const server_config& limits;
    const router& routes;
    problem_writer write_problem;
    access_log& log;
    metrics& stats;
    client_limiter clients;
    std::shared_ptr<server_certificate> certificate;
    std::atomic<bool> stopping{false};
    std::atomic<int> open_connections{0};
    std::atomic<std::uint64_t> next_request_id{1};

    std::mutex sessions_mutex;
    std::set<std::weak_ptr<connection>, std::owner_less<std::weak_ptr<connection>>> sessions;
};

class server {
public:
    // With a certificate it serves HTTPS only; without one, plain HTTP.
    server(const server_config& limits, const abuse_limits_config& abuse_limits,
           const router& routes, problem_writer write_problem, access_log& log, metrics& stats,
           std::shared_ptr<server_certificate> certificate);
    ~server();

    // Binds the listening socket; with port 0 the system picks one. Throws when it cannot.
    tcp::endpoint bind();

    // Serves until SIGTERM/SIGINT (or stop()), then shuts down gracefully and returns.
    // SIGHUP reloads the certificate; connections already open keep theirs.
    void run();

    // Starts a graceful shutdown from any thread.
    void stop();

private:
    void wait_for_signal();
    void reload_certificate();
    void begin_shutdown();
    void wait_for_sessions(std::chrono::steady_clock::time_point deadline);

    // One per I/O thread; the first also runs the listener, the signals and the shutdown.
    std::vector<std::unique_ptr<net::io_context>> contexts_;
    // Each thread serves until shutdown, also while it has no connection.
    std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_serving_;
    std::shared_ptr<server_state> state_;
    std::shared_ptr<listener> listener_;
    // Installed with the server, before anyone can learn its address and signal it.
    net::signal_set signals_;
    std::unique_ptr<net::steady_timer> drain_timer_;
};

}  // namespace samtal
