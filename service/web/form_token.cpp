// Signed, stateless form tokens (HMAC-SHA-256, truncated to 128 bits).
#include "service/web/form_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

namespace samtal {
namespace {

constexpr std::string_view k_key_label = "samtal web form tokens v1";
constexpr std::size_t k_signature_bytes = 16;
constexpr std::chrono::seconds k_clock_skew{60};

secret_key hmac_sha256(const unsigned char* key, std::size_t key_size, std::string_view message) {
    secret_key digest{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key, int(key_size), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), digest.data(), &length);
    return digest;
}

}  // namespace

form_token_signer::form_token_signer(const secret_key& code_key, std::chrono::seconds lifetime)
    : key_(hmac_sha256(code_key.data(), code_key.size(), k_key_label)), lifetime_(lifetime) {}

std::string form_token_signer::signature(std::string_view purpose, long long issued) const {
    // The purpose is a path and cannot contain a newline, so the two parts cannot run together.
    auto digest =
        hmac_sha256(key_.data(), key_.size(), std::string(purpose) + "\n" + std::to_string(issued));
    return to_hex(digest.data(), k_signature_bytes);
}

std::string form_token_signer::issue(std::string_view purpose, sys_seconds now) const {
    auto issued = static_cast<long long>(now.time_since_epoch().count());
    return std::to_string(issued) + "." + signature(purpose, issued);
}

bool form_token_signer::verify(std::string_view token, std::string_view purpose,
                               sys_seconds now) const {
    auto dot = token.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot > 12) return false;
    long long issued = 0;
    auto digits = token.substr(0, dot);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), issued);
    if (error != std::errc{} || end != digits.data() + digits.size() || issued < 0) return false;
    auto given = token.substr(dot + 1);
    auto expected = signature(purpose, issued);
    if (given.size() != expected.size() ||
        CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
        return false;
    auto issued_at = sys_seconds{std::chrono::seconds(issued)};
    return issued_at <= now + k_clock_skew && now - issued_at <= lifetime_;
}

}  // namespace samtal
