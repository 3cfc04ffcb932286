#include "service/privacy/password_hash.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace samtal {
namespace {

constexpr std::uint32_t k_passes = 2;
constexpr std::uint32_t k_memory_kib = 19 * 1024;
constexpr std::uint32_t k_lanes = 1;
constexpr std::size_t k_salt_bytes = 16;
constexpr std::size_t k_hash_bytes = 32;

}  // namespace

std::string hash_password(std::string_view password) {
    std::array<unsigned char, k_salt_bytes> salt{};
    if (RAND_bytes(salt.data(), int(salt.size())) != 1)
        throw std::runtime_error("no randomness for a password salt");
    std::vector<char> encoded(
        argon2_encodedlen(k_passes, k_memory_kib, k_lanes, k_salt_bytes, k_hash_bytes, Argon2_id));
    auto status = argon2id_hash_encoded(k_passes, k_memory_kib, k_lanes, password.data(),
                                        password.size(), salt.data(), salt.size(), k_hash_bytes,
                                        encoded.data(), encoded.size());
    if (status != ARGON2_OK)
        throw std::runtime_error(std::string("argon2: ") + argon2_error_message(status));
    return std::string(encoded.data());
}

bool password_matches(const std::string& encoded, std::string_view password) {
    if (!encoded.starts_with("$argon2id$")) return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace samtal
