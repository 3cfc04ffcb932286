#include "service/core/booking_code.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace samtal {
namespace {

// Crockford's base 32: no I, L, O or U.
constexpr std::string_view k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int symbol_value(char c) {
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    auto pos = k_alphabet.find(c);
    return pos == std::string_view::npos ? -1 : int(pos);
}

}  // namespace

std::string format_booking_code(
    const std::array<unsigned char, k_booking_code_random_bytes>& random) {
    std::string code;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t symbols = 0;
    for (unsigned char byte : random) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5 && symbols < k_booking_code_symbols) {
            if (symbols > 0 && symbols % 4 == 0) code += '-';
            code += k_alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
            ++symbols;
        }
        buffer &= (1u << bits) - 1;
    }
    return code;
}

std::string new_booking_code() {
    std::array<unsigned char, k_booking_code_random_bytes> random{};
    random_bytes(random.data(), random.size());
    return format_booking_code(random);
}

std::optional<std::string> canonical_booking_code(std::string_view typed) {
    // Generous to people, strict about what it accepts: at most a few separators.
    if (typed.size() > k_booking_code_symbols * 2) return std::nullopt;
    std::string canonical;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        int value = symbol_value(c);
        if (value < 0) return std::nullopt;
        canonical += k_alphabet[std::size_t(value)];
    }
    if (canonical.size() != k_booking_code_symbols) return std::nullopt;
    return canonical;
}

std::string booking_code_hasher::hash(std::string_view canonical_code) const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key_.data(), int(key_.size()),
         reinterpret_cast<const unsigned char*>(canonical_code.data()), canonical_code.size(),
         digest, &length);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace samtal
