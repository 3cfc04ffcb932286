// The HTTP server's settings: where it listens, its limits and timeouts, its certificate, and
// what one client may do. service/config reads them from the configuration file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace samtal {

// A configuration that cannot be used; the message names the file, the key and what was
// expected.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct server_config {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    int threads = 2;
    int store_threads = 4;
    int max_connections = 1024;
    std::chrono::milliseconds header_timeout{10000};
    std::chrono::milliseconds body_timeout{15000};
    std::chrono::milliseconds idle_timeout{30000};
    std::size_t max_header_bytes = 8192;
    int max_requests_per_connection = 1000;
    std::chrono::milliseconds shutdown_grace{10000};
    // HTTPS served by samtal itself when both are set: PEM files, relative to the config
    // file's folder, read again on SIGHUP. Empty: plain HTTP behind a TLS-terminating proxy.
    std::filesystem::path tls_certificate_file;
    std::filesystem::path tls_private_key_file;

    bool serves_tls() const { return !tls_certificate_file.empty(); }
};

// What one client address may do, so that guessing booking codes and filling the calendar
// cost the one who tries (design.md: a wrong code costs the guesser, not the parent). Each
// limit refills evenly over its period, so a client that waits gets its allowance back.
struct abuse_limits_config {
    int booking_attempts_per_hour = 30;  // posts that try to book, made or not
    int bookings_per_day = 10;           // bookings made (a cancellation does not give one back)
    int wrong_codes_per_hour = 20;       // code lookups that found nothing
    int tracked_addresses = 100000;      // when all are in use, limited routes refuse
    // Reverse proxies whose X-Forwarded-For names the client; any other peer is the client.
    std::vector<std::string> trusted_proxies;
};

}  // namespace samtal
