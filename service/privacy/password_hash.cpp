#include "service/privacy/password_hash.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace samtal {
namespace {

constexpr std::uint32_t k_passes = 2;
constexpr std::uint32_t k_memory_kib = 19 * 1024;
constexpr std::uint32_t k_lanes = 1;
constexpr std::size_t k_salt_bytes = 16;
constexpr std::size_t k_hash_bytes = 32;
constexpr std::uint32_t k_most_memory_kib = 256 * 1024;
constexpr std::uint32_t k_most_passes = 10;
constexpr std::uint32_t k_most_lanes = 8;

// Reads "<name>=<number>" from the front of `text` and what follows it up to `end`.
bool read_parameter(std::string_view& text, std::string_view name, char end, std::uint32_t most,
                    std::uint32_t& value) {
    if (!text.starts_with(name) || text.size() <= name.size() || text[name.size()] != '=')
        return false;
    text.remove_prefix(name.size() + 1);
    auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || rest == text.data() || rest == text.data() + text.size() ||
        *rest != end || value == 0 || value > most)
        return false;
    text.remove_prefix(std::size_t(rest - text.data()) + 1);
    return true;
}

// Unpadded standard base64, as the encoded form writes salts and hashes.
bool is_base64(std::string_view text) {
    return !text.empty() && text.find_first_not_of(
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                "qrstuvwxyz0123456789+/") == std::string::npos;
}

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

bool is_password_hash(std::string_view encoded) {
    constexpr std::string_view k_prefix = "$argon2id$v=19$";
    if (!encoded.starts_with(k_prefix)) return false;
    encoded.remove_prefix(k_prefix.size());
    std::uint32_t memory = 0, passes = 0, lanes = 0;
    if (!read_parameter(encoded, "m", ',', k_most_memory_kib, memory) ||
        !read_parameter(encoded, "t", ',', k_most_passes, passes) ||
        !read_parameter(encoded, "p", '$', k_most_lanes, lanes) || memory < 8 * lanes)
        return false;
    auto dollar = encoded.find('$');
    return dollar != std::string_view::npos && is_base64(encoded.substr(0, dollar)) &&
           is_base64(encoded.substr(dollar + 1));
}

}  // namespace samtal
