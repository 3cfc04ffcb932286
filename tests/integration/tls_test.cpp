// samtal serving HTTPS itself: a certificate made with the openssl command at test time, and
// real TLS clients (libcurl, openssl s_client) against the real binary.
#include <curl/curl.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/fixture.hpp"
#include "support/certificates.hpp"
#include "support/shell_command.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct https_answer {
    CURLcode code = CURLE_OK;
    long status = 0;
    long new_connections = 0;
    std::string headers;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* into) {
    static_cast<std::string*>(into)->append(data, size * count);
    return size * count;
}

// A libcurl client that trusts one certificate; requests on it reuse its connection.
class https_client {
public:
    explicit https_client(std::filesystem::path trusted) : trusted_(std::move(trusted)) {}
    ~https_client() { curl_easy_cleanup(curl_); }

    https_answer get(unsigned short port, const std::string& path, long tls_version = 0) {
        https_answer answer;
        std::string body;
        auto url = "https://127.0.0.1:" + std::to_string(port) + path;
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_CAINFO, trusted_.c_str());
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 5000L);
        if (tls_version) curl_easy_setopt(curl_, CURLOPT_SSLVERSION, tls_version);
        curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &answer.headers);
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
        answer.code = curl_easy_perform(curl_);
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &answer.status);
        curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &answer.new_connections);
        return answer;
    }

private:
    std::filesystem::path trusted_;
    CURL* curl_ = curl_easy_init();
};

class tls_test : public ::testing::Test {
protected:
    tls_test() {
        make_certificate(certificate(), key(), "first");
        std::filesystem::copy_file(certificate(), dir_.path() / "first.pem");
    }

    std::filesystem::path certificate() const { return dir_.path() / "cert.pem"; }
    std::filesystem::path key() const { return dir_.path() / "key.pem"; }

    std::string tls_config() const {
        return service_config_text("tls_certificate_file = \"" + certificate().string() +
                                   "\"\ntls_private_key_file = \"" + key().string() + "\"\n");
    }

    temp_dir dir_;
};

TEST_F(tls_test, serves_https_with_hsts) {
    service_process service(tls_config());
    https_client client(certificate());
    auto answer = client.get(service.port(), "/healthz");
    ASSERT_EQ(answer.code, CURLE_OK) << curl_easy_strerror(answer.code);
    EXPECT_EQ(answer.status, 200);
    EXPECT_NE(answer.headers.find("Strict-Transport-Security: max-age=31536000\r\n"),
              std::string::npos)
        << answer.headers;

    // Plain HTTP on the HTTPS port gets no answer.
    EXPECT_EQ(
        raw_exchange(service.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").find("HTTP/1.1"),
        std::string::npos);
}

TEST_F(tls_test, plain_http_sends_no_hsts) {
    service_process service(service_config_text());
    auto answer = http_request(service.port(), "GET", "/healthz");
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.header("strict-transport-security"), "");
}

TEST_F(tls_test, refuses_tls_1_1_and_accepts_1_2_and_1_3) {
    service_process service(tls_config());
    auto address = "127.0.0.1:" + std::to_string(service.port());
    // The client is told to allow TLS 1.1 (OpenSSL 3 refuses it below security level 0), so
    // the refusal is the server's: it answers with a protocol_version alert.
    auto old = run_command("openssl s_client -connect " + address +
                           " -tls1_1 -cipher DEFAULT@SECLEVEL=0 </dev/null");
    EXPECT_NE(old.status, 0);
    EXPECT_NE(old.output.find("alert protocol version"), std::string::npos) << old.output;

    for (long version : {long(CURL_SSLVERSION_TLSv1_2) | long(CURL_SSLVERSION_MAX_TLSv1_2),
                         long(CURL_SSLVERSION_TLSv1_3) | long(CURL_SSLVERSION_MAX_TLSv1_3)}) {
        https_client client(certificate());
        auto answer = client.get(service.port(), "/healthz", version);
        EXPECT_EQ(answer.code, CURLE_OK) << curl_easy_strerror(answer.code);
    }
    // TLS 1.2 only with forward-secret AEAD suites: an RSA key exchange or CBC is refused.
    auto weak = run_command("openssl s_client -connect " + address +
                            " -tls1_2 -cipher AES128-SHA256:ECDHE-ECDSA-AES128-SHA </dev/null");
    EXPECT_NE(weak.status, 0) << weak.output;
}

TEST_F(tls_test, the_server_picks_the_cipher_in_its_own_order) {
    service_process service(tls_config());
    auto address = "127.0.0.1:" + std::to_string(service.port());
    // The client lists the server's first choice last, in TLS 1.2 and in TLS 1.3.
    auto tls12 = run_command("openssl s_client -connect " + address +
                             " -tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305:"
                             "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256 "
                             "</dev/null");
    EXPECT_NE(tls12.output.find("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256"), std::string::npos)
        << tls12.output;
    auto tls13 = run_command("openssl s_client -connect " + address +
                             " -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256:"
                             "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256 </dev/null");
    EXPECT_NE(tls13.output.find("Cipher is TLS_AES_128_GCM_SHA256"), std::string::npos)
        << tls13.output;
}

TEST_F(tls_test, a_client_that_never_says_hello_is_dropped_at_the_header_deadline) {
    service_process service(tls_config());
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), service.port()});
    auto started = std::chrono::steady_clock::now();
    // Blocks until the server closes; SO_RCVTIMEO keeps a server that never does from
    // hanging the test.
    timeval limit{5, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    std::array<char, 16> buffer;
    boost::system::error_code ec;
    socket.read_some(boost::asio::buffer(buffer), ec);
    auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(ec, boost::asio::error::eof) << ec.message();
    // header_timeout_ms is 1000 in the test config.
    EXPECT_GE(elapsed, 900ms);
    EXPECT_LT(elapsed, 3s);
}

TEST_F(tls_test, sighup_serves_the_new_certificate_and_keeps_open_connections) {
    service_process service(tls_config());
    https_client before(dir_.path() / "first.pem");
    ASSERT_EQ(before.get(service.port(), "/healthz").code, CURLE_OK);

    make_certificate(dir_.path() / "second.pem", dir_.path() / "second.key", "second");
    https_client after(dir_.path() / "second.pem");
    EXPECT_EQ(after.get(service.port(), "/healthz").code, CURLE_PEER_FAILED_VERIFICATION)
        << "the second certificate is served before the reload";

    std::filesystem::copy_file(dir_.path() / "second.pem", certificate(),
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(dir_.path() / "second.key", key(),
                               std::filesystem::copy_options::overwrite_existing);
    service.reload();
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (file_text(service.log_file()).find("reloaded the TLS certificate") ==
               std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);

    auto fresh = after.get(service.port(), "/healthz");
    EXPECT_EQ(fresh.code, CURLE_OK) << curl_easy_strerror(fresh.code);
    // The connection made before the reload is still open and still answered.
    auto kept = before.get(service.port(), "/healthz");
    EXPECT_EQ(kept.code, CURLE_OK) << curl_easy_strerror(kept.code);
    EXPECT_EQ(kept.new_connections, 0);
}

TEST_F(tls_test, a_reload_that_fails_keeps_the_certificate_in_use) {
    service_process service(tls_config());
    std::ofstream(key(), std::ios::trunc) << "not a key\n";
    service.reload();
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (file_text(service.log_file()).find("kept the TLS certificate in use") ==
               std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);
    EXPECT_NE(file_text(service.log_file()).find("server.tls_private_key_file: " + key().string()),
              std::string::npos)
        << file_text(service.log_file());
    https_client client(dir_.path() / "first.pem");
    EXPECT_EQ(client.get(service.port(), "/healthz").code, CURLE_OK);
}

TEST_F(tls_test, check_config_loads_the_certificate_and_key) {
    auto config_file = dir_.path() / "samtal.toml";
    auto check = [&](const std::string& text) {
        std::ofstream(config_file, std::ios::trunc) << text;
        return run_command(std::string(SAMTAL_BINARY) + " check-config --config " +
                           config_file.string());
    };
    auto fine = check(tls_config());
    EXPECT_EQ(fine.status, 0) << fine.output;

    std::filesystem::rename(certificate(), dir_.path() / "elsewhere.pem");
    auto missing = check(tls_config());
    EXPECT_EQ(missing.status, 78);
    EXPECT_NE(missing.output.find(config_file.string() + ": server.tls_certificate_file: " +
                                  certificate().string() + ": cannot be read"),
              std::string::npos)
        << missing.output;

    make_certificate(certificate(), dir_.path() / "other.key", "other");
    auto mismatch = check(tls_config());
    EXPECT_EQ(mismatch.status, 78);
    EXPECT_NE(mismatch.output.find("server.tls_private_key_file: " + key().string() +
                                   ": does not belong to the certificate"),
              std::string::npos)
        << mismatch.output;
}

}  // namespace
}  // namespace samtal::testing
