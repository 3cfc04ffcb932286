#include "service/http/server_certificate.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>
#include <fstream>

namespace samtal {
namespace {

namespace ssl = boost::asio::ssl;

// Mozilla's "intermediate" TLS 1.2 list without the finite-field DHE suites: ECDHE key
// exchange (forward secrecy) and AEAD ciphers only. TLS 1.3 suites are all of that kind.
constexpr const char* k_tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* k_tls13_suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

}  // namespace

server_certificate::server_certificate(const server_config& settings, std::string config_source)
    : certificate_file_(settings.tls_certificate_file),
      private_key_file_(settings.tls_private_key_file),
      config_source_(std::move(config_source)),
      current_(load()) {}

server_certificate::~server_certificate() = default;

std::shared_ptr<ssl::context> server_certificate::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

void server_certificate::reload() {
    auto fresh = load();
    std::lock_guard lock(mutex_);
    current_ = std::move(fresh);
}

std::shared_ptr<ssl::context> server_certificate::load() const {
    auto fail = [&](std::string_view key, const std::filesystem::path& file,
                    std::string_view problem) {
        throw config_error(config_source_ + ": server." + std::string(key) + ": " + file.string() +
                           ": " + std::string(problem));
    };
    for (auto [key, file] : {std::pair{"tls_certificate_file", &certificate_file_},
                             std::pair{"tls_private_key_file", &private_key_file_}})
        if (!std::ifstream(*file)) fail(key, *file, "cannot be read");

    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    auto* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    // The server's order decides, so that a client offering a weaker suite first (or a
    // downgrade in the middle) still gets the strongest one both sides have.
    SSL_CTX_set_options(
        native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_set_cipher_list(native, k_tls12_ciphers) != 1 ||
        SSL_CTX_set_ciphersuites(native, k_tls13_suites) != 1)
        throw std::logic_error("OpenSSL refused samtal's cipher suites");

    // An encrypted key would make OpenSSL ask on the terminal; with no passphrase it fails.
    context->set_password_callback(
        [](std::size_t, ssl::context::password_purpose) { return std::string(); });
    boost::system::error_code ec;
    context->use_certificate_chain_file(certificate_file_.string(), ec);
    if (ec)
        fail("tls_certificate_file", certificate_file_,
             "not a PEM certificate chain (" + ec.message() + ")");
    context->use_private_key_file(private_key_file_.string(), ssl::context::pem, ec);
    if ((ec && ERR_GET_REASON(ec.value()) == X509_R_KEY_VALUES_MISMATCH) ||
        (!ec && SSL_CTX_check_private_key(native) != 1))
        fail("tls_private_key_file", private_key_file_,
             "does not belong to the certificate in " + certificate_file_.string());
    if (ec)
        fail("tls_private_key_file", private_key_file_,
             "not a PEM private key without a passphrase (" + ec.message() + ")");
    return context;
}

}  // namespace samtal
