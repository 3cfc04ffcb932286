// The HTTP request handling entry: arbitrary bytes as one client connection to the real
// server (Beast's parser, the session's limits, the router and every handler, with the store
// and the web pages), over loopback. The server runs for the whole fuzzing run, so what one
// input books or cancels, the next one meets.
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "service/application.hpp"
#include "service/http/server.hpp"
#include "support/test_config.hpp"

namespace {

using namespace samtal;
namespace net = boost::asio;

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
    net::io_context ioc;
    tcp::socket socket(ioc);
    boost::system::error_code ec;
    socket.connect(service->endpoint, ec);
    if (ec) std::abort();
    net::write(socket, net::buffer(data, size), ec);
    // The end of the input is the end of the client: the server answers what it has and
    // closes, within its deadlines.
    socket.shutdown(tcp::socket::shutdown_send, ec);
    timeval limit{10, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    std::string answer;
    char chunk[16384];
    for (;;) {
        auto n = socket.read_some(net::buffer(chunk), ec);
        answer.append(chunk, n);
        if (ec == net::error::eof || ec == net::error::connection_reset) break;
        // Ten seconds with neither an answer nor a close: the server lost the connection.
        if (ec) std::abort();
    }
    // 500 is what a handler that threw gets: a programmer error, whatever the request.
    if (answer.find("HTTP/1.1 500 ") != std::string::npos ||
        answer.find("HTTP/1.0 500 ") != std::string::npos)
        std::abort();
    return 0;
}
