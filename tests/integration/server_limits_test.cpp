#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/fixture.hpp"

namespace samtal::testing {
namespace {

class server_limits : public service_test {};

int count_of(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST_F(server_limits, health_and_readiness) {
    EXPECT_EQ(get("/healthz").status, 200);
    auto ready = get("/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_NE(ready.body.find("writable"), std::string::npos);
    EXPECT_EQ(http_request(service_.port(), "HEAD", "/healthz").status, 200);
}

TEST_F(server_limits, metrics_count_requests_by_route_template) {
    get("/api/v1/units");
    auto metrics = get("/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(
        metrics.body.find("samtal_http_requests_total{route=\"/api/v1/units\",status=\"200\"} 1"),
        std::string::npos)
        << metrics.body;
}

TEST_F(server_limits, unknown_paths_and_wrong_methods) {
    auto missing = get("/nowhere");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.header("content-type"), "application/problem+json");
    auto wrong = http_request(service_.port(), "PUT", "/api/v1/units");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.header("allow"), "GET, HEAD");
}

TEST_F(server_limits, keeps_connections_alive_and_answers_pipelined_requests_in_order) {
    std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    std::string units = "GET /api/v1/units HTTP/1.1\r\nHost: x\r\n\r\n";
    std::string last = "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    auto answer = raw_exchange(service_.port(), one + units + last);
    EXPECT_EQ(count_of(answer, "HTTP/1.1 "), 3);
    auto first = answer.find("HTTP/1.1 200"), second = answer.find("HTTP/1.1 200", first + 1),
         third = answer.find("HTTP/1.1 404");
    EXPECT_LT(first, second);
    EXPECT_LT(second, third);
    EXPECT_NE(third, std::string::npos);
}

TEST_F(server_limits, an_oversized_header_is_refused) {
    auto answer = raw_exchange(service_.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                                                    std::string(20000, 'a') + "\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 431")) << answer.substr(0, 80);
}

TEST_F(server_limits, a_declared_oversized_body_is_refused_before_it_is_read) {
    auto answer = raw_exchange(
        service_.port(),
        "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 10000000\r\n\r\n{");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 80);
}

TEST_F(server_limits, a_header_that_trickles_in_meets_its_deadline) {
    // The header deadline (1 s here) does not move as bytes arrive.
    auto started = std::chrono::steady_clock::now();
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), service_.port()});
    boost::system::error_code ec;
    std::string header = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    boost::asio::write(socket, boost::asio::buffer(header), ec);
    for (int i = 0; i < 40 && !ec; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        boost::asio::write(socket, boost::asio::buffer("a", 1), ec);
    }
    auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_TRUE(ec) << "the connection stayed open for a header that never ended";
    EXPECT_LT(elapsed, std::chrono::seconds(4));
}

TEST_F(server_limits, answers_expect_100_continue_before_reading_the_body) {
    auto answer = raw_exchange(
        service_.port(),
        "POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n",
        3000);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 100 Continue\r\n\r\n")) << answer.substr(0, 80);
}

TEST_F(server_limits, a_malformed_request_line_gets_400) {
    auto answer = raw_exchange(service_.port(), "NOT A REQUEST\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer.substr(0, 80);
}

TEST_F(server_limits, the_access_log_names_routes_not_targets) {
    get("/api/v1/availability?unit=test-unit&language=so");
    get("/secret-path-that-is-not-a-route");
    service_.stop();
    std::ifstream in(service_.log_file());
    std::stringstream log;
    log << in.rdbuf();
    EXPECT_NE(log.str().find("route=/api/v1/availability status=200"), std::string::npos)
        << log.str();
    EXPECT_EQ(log.str().find("language=so"), std::string::npos);
    EXPECT_EQ(log.str().find("secret-path"), std::string::npos);
    EXPECT_TRUE(std::regex_search(log.str(), std::regex("id=[0-9a-f]{16} method=GET")));
}

TEST_F(server_limits, stops_gracefully_on_sigterm) {
    // An idle keep-alive connection does not hold the shutdown up.
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket idle(ioc);
    idle.connect({boost::asio::ip::make_address("127.0.0.1"), service_.port()});
    // It has had its answer and waits for a next request (one never asked is given a moment:
    // see the test below).
    boost::asio::write(
        idle, boost::asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::array<char, 4096> answer;
    ASSERT_GT(idle.read_some(boost::asio::buffer(answer)), 0u);
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(service_.stop(), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    std::ifstream in(service_.log_file());
    std::stringstream log;
    log << in.rdbuf();
    EXPECT_NE(log.str().find("msg=\"stopped\""), std::string::npos) << log.str();
}

TEST_F(server_limits, a_connection_accepted_just_before_sigterm_still_gets_its_answer) {
    namespace net = boost::asio;
    net::io_context ioc;
    net::ip::tcp::socket asking(ioc), silent(ioc);
    net::ip::tcp::endpoint service{net::ip::make_address("127.0.0.1"), service_.port()};
    asking.connect(service);
    silent.connect(service);
    // Both are accepted and wait for their first request when the signal comes; the request
    // of one of them arrives after it.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_EQ(::kill(service_.pid(), SIGTERM), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    net::write(asking, net::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::string answer;
    boost::system::error_code ec;
    std::array<char, 4096> chunk;
    while (!ec) answer.append(chunk.data(), asking.read_some(net::buffer(chunk), ec));
    EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
    EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos) << answer;
    // The one that never asks is closed soon, not at the end of the grace period (3 s).
    auto started = std::chrono::steady_clock::now();
    silent.read_some(net::buffer(chunk), ec);
    EXPECT_TRUE(ec) << "the silent connection got an answer to nothing";
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
    EXPECT_EQ(service_.stop(), 0);
}

}  // namespace
}  // namespace samtal::testing
