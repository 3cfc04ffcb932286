// The HTTP request handling entry: arbitrary bytes as one client connection to the real
// server (Beast's parser, the session's limits, the router and every handler, with the store
// and the web pages), over loopback. The server runs for the whole fuzzing run, so what one
// input books or cancels, the next one meets.
#include <unistd.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "service/app/application.hpp"
#include "service/http/server.hpp"
#include "support/test_config.hpp"

namespace {

using namespace samtal;
namespace net = boost::asio;
namespace beast = boost::beast;

// Short deadlines, so that an input that stops half-way costs little; abuse limits out of
// reach, so that the fuzzer keeps reaching the handlers behind them.
const std::string k_server =
    "[server]\nthreads = 2\nheader_timeout_ms = 200\nbody_timeout_ms = 200\n"
    "idle_timeout_ms = 200\nshutdown_grace_ms = 1000\n\n[abuse_limits]\n"
    "booking_attempts_per_hour = 1000000\nbookings_per_day = 1000000\n"
    "wrong_codes_per_hour = 1000000\n\n[secrets]\ncreate_missing_keys = true\n";

struct service_under_fuzz {
    explicit service_under_fuzz(config settings)
        : app(std::move(settings)),
          http(
              app.settings().server, app.settings().abuse_limits, app.routes(),
              [this](problem_kind kind, const request& req) { return app.problem(kind, req); },
              app.log(), app.stats(), nullptr),
          endpoint(http.bind()),
          thread([this] { http.run(); }) {}
    ~service_under_fuzz() {
        http.stop();
        thread.join();
    }

    application app;
    server http;
    tcp::endpoint endpoint;
    std::thread thread;
};

std::filesystem::path data_dir;
service_under_fuzz* service = nullptr;

// Why the harness stops, on standard output: scripts/fuzz closes standard error
// (-close_fd_mask=2) to keep out the service's log, and this belongs in the fuzz log.
[[noreturn]] void stop_fuzzing(const std::string& why) {
    std::printf("http_request harness: %s\n", why.c_str());
    std::fflush(stdout);
    std::abort();
}

std::string describe(const beast::error_code& ec) {
    return ec.message() + " (" + ec.category().name() + " " + std::to_string(ec.value()) + ")";
}

void stop_service() {
    delete service;
    std::error_code ignored;
    std::filesystem::remove_all(data_dir, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // A server that closes while the input is still being written must not kill the fuzzer.
    std::signal(SIGPIPE, SIG_IGN);
    data_dir =
        std::filesystem::temp_directory_path() / ("samtal-fuzz-" + std::to_string(::getpid()));
    auto settings = parse_config(k_server + testing::test_config_text(), "fuzz.toml");
    settings.server.listen_host = "127.0.0.1";
    settings.server.listen_port = 0;
    settings.data_dir = data_dir;
    service = new service_under_fuzz(std::move(settings));
    std::atexit(stop_service);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Asynchronous calls, not blocking ones: libFuzzer's -timeout watchdog sends SIGALRM
    // every timeout/2+1 seconds, and a blocking read it lands in ends with EINTR, which
    // Asio's reactor retries for an asynchronous one. A blocking read's SO_RCVTIMEO is no
    // deadline either (Asio's blocking read polls on after it), so the stream has one.
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(10));
    beast::error_code ec;
    stream.async_connect(service->endpoint, [&](beast::error_code connected) { ec = connected; });
    ioc.run();
    if (ec) stop_fuzzing("connect failed: " + describe(ec));
    ioc.restart();
    // A server that answers and closes before it has read the whole input is fine: the
    // write ends with an error, and the answer is still there to read.
    net::async_write(stream, net::buffer(data, size), [](beast::error_code, std::size_t) {});
    ioc.run();
    ioc.restart();
    // The end of the input is the end of the client: the server answers what it has and
    // closes, within its deadlines.
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    std::string answer;
    net::async_read(stream, net::dynamic_buffer(answer),
                    [&](beast::error_code ended, std::size_t) { ec = ended; });
    ioc.run();
    // Ten seconds with neither an answer nor a close (a timeout), or a read that ends other
    // than with a close or a reset: the server lost the connection.
    if (ec != net::error::eof && ec != net::error::connection_reset)
        stop_fuzzing("the answer ended with " + describe(ec) + " after " +
                     std::to_string(answer.size()) + " bytes");
    // 500 is what a handler that threw gets: a programmer error, whatever the request.
    if (answer.find("HTTP/1.1 500 ") != std::string::npos ||
        answer.find("HTTP/1.0 500 ") != std::string::npos)
        stop_fuzzing("a 500 answer");
    return 0;
}
