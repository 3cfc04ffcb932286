// The HTTP server: one io_context run by a small pool of I/O threads, a listener, and a
// session per connection. Stops gracefully on SIGTERM/SIGINT: no new connections, in-flight
// requests finish within the grace period, idle connections close.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <mutex>
#include <set>

#include "service/config/config.hpp"
#include "service/http/access_log.hpp"
#include "service/http/client_limiter.hpp"
#include "service/http/metrics.hpp"
#include "service/http/problem.hpp"
#include "service/http/router.hpp"

namespace samtal {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class http_session;
class listener;

// What every session shares: the routes, the limits, the log and the metrics, and the set of
// open sessions so that shutdown can reach them.
struct server_state {
    server_state(const server_config& limits, const abuse_limits_config& abuse_limits,
                 const router& routes, problem_writer write_problem, access_log& log,
                 metrics& stats)
        : limits(limits),
          routes(routes),
          write_problem(std::move(write_problem)),
          log(log),
          stats(stats),
          clients(abuse_limits) {}

    const server_config& limits;
    const router& routes;
    problem_writer write_problem;
    access_log& log;
    metrics& stats;
    client_limiter clients;
    std::atomic<bool> stopping{false};
    std::atomic<int> open_connections{0};
    std::atomic<std::uint64_t> next_request_id{1};

    std::mutex sessions_mutex;
    std::set<std::weak_ptr<http_session>, std::owner_less<std::weak_ptr<http_session>>> sessions;
};

class server {
public:
    server(const server_config& limits, const abuse_limits_config& abuse_limits,
           const router& routes, problem_writer write_problem, access_log& log, metrics& stats);
    ~server();

    // Binds the listening socket; with port 0 the system picks one. Throws when it cannot.
    tcp::endpoint bind();

    // Serves until SIGTERM/SIGINT (or stop()), then shuts down gracefully and returns.
    void run();

    // Starts a graceful shutdown from any thread.
    void stop();

private:
    void begin_shutdown();
    void wait_for_sessions(std::chrono::steady_clock::time_point deadline);

    net::io_context ioc_;
    std::shared_ptr<server_state> state_;
    std::shared_ptr<listener> listener_;
    std::unique_ptr<net::steady_timer> drain_timer_;
};

}  // namespace samtal
