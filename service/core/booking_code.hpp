// Booking codes: 140 random bits written as 28 Crockford base-32 characters in groups of four
// ("7KQM-2XD9-..."), easy to read aloud and type. Only a keyed hash is ever stored.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "service/privacy/secret_key.hpp"

namespace samtal {

inline constexpr std::size_t k_booking_code_random_bytes = 18;  // 144 bits, of which 140 are used
inline constexpr std::size_t k_booking_code_symbols = 28;

// The code for these random bytes, grouped for reading.
std::string format_booking_code(
    const std::array<unsigned char, k_booking_code_random_bytes>& random);

// A new code from the CSPRNG.
std::string new_booking_code();

// The canonical 28 symbols of a code as typed by a person: case, spaces and hyphens do not
// matter, O reads as 0 and I, L as 1. nullopt for anything that is not a code.
std::optional<std::string> canonical_booking_code(std::string_view typed);

// HMAC-SHA-256 of canonical codes under the service's code key.
class booking_code_hasher {
public:
    explicit booking_code_hasher(const secret_key& key) : key_(key) {}
    std::string hash(std::string_view canonical_code) const;

private:
    secret_key key_;
};

}  // namespace samtal
