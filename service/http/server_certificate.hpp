// The certificate and private key samtal presents when it serves HTTPS itself, as a TLS
// context with only TLS 1.2 and 1.3 and only forward-secret AEAD cipher suites. SIGHUP loads
// the files again: new connections get the new certificate, open ones keep theirs.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "service/http/settings.hpp"

namespace boost::asio::ssl {
class context;
}

namespace samtal {

class server_certificate {
public:
    // Loads the files named in [server]; throws config_error naming the config file, the key
    // and what is wrong with the file.
    server_certificate(const server_config& settings, std::string config_source);
    ~server_certificate();

    // The context for a new connection; the connection keeps it alive as long as it needs it.
    std::shared_ptr<boost::asio::ssl::context> current() const;

    // Loads the files again. When they cannot be used, throws config_error and the certificate
    // in use stays.
    void reload();

private:
    std::shared_ptr<boost::asio::ssl::context> load() const;

    std::filesystem::path certificate_file_;
    std::filesystem::path private_key_file_;
    std::string config_source_;
    mutable std::mutex mutex_;
    std::shared_ptr<boost::asio::ssl::context> current_;
};

}  // namespace samtal
