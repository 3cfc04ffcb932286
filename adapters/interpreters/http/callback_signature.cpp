#include "adapters/interpreters/http/callback_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "service/privacy/secret_key.hpp"

namespace samtal {

std::string callback_signature(std::string_view secret, std::string_view timestamp,
                               std::string_view body) {
    std::string signed_text;
    signed_text.reserve(timestamp.size() + 1 + body.size());
    signed_text.append(timestamp).append(".").append(body);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()),
         reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), digest,
         &length);
    return "v1=" + to_hex(digest, length);
}

callback_check check_callback(std::string_view secret, std::string_view timestamp,
                              std::string_view signature, std::string_view body, sys_seconds now) {
    // The signature is checked first and whatever the timestamp says, so that timing tells a
    // forger nothing about which part was wrong.
    auto expected = callback_signature(secret, timestamp, body);
    bool signed_right = signature.size() == expected.size() &&
                        CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
    if (!signed_right) return callback_check::bad_signature;
    std::int64_t seconds = 0;
    auto [end, error] =
        std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), seconds);
    if (error != std::errc{} || end != timestamp.data() + timestamp.size() || timestamp.empty() ||
        timestamp.size() > 12)
        return callback_check::stale;
    auto sent = sys_seconds{std::chrono::seconds{seconds}};
    auto age = now - sent;
    if (age > k_callback_max_age || age < -k_callback_max_age) return callback_check::stale;
    return callback_check::authentic;
}

}  // namespace samtal
