// The service's secret keys (for booking-code hashes and for sealing contact data). They come
// from the environment or from a key file, never from the database.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace samtal {

using secret_key = std::array<unsigned char, 32>;

// Reads the key from environment variable `env_name` (64 hex digits) if it is set, else from
// `file` (64 hex digits). When neither exists and `create_missing` is true, writes a new random
// key to `file` with mode 0600. Throws std::runtime_error with a message that names the
// variable or file but never shows the key.
secret_key load_secret_key(const char* env_name, const std::filesystem::path& file,
                           bool create_missing);

// Keys that are no longer used for sealing but still open what was sealed under them: from
// environment variable `env_name` (64 hex digits each, separated by commas or spaces) and from
// each of `files`, which must exist. Throws std::runtime_error naming the variable (and the
// key's position in it) or the file, never showing a key.
std::vector<secret_key> load_previous_keys(const char* env_name,
                                           const std::vector<std::filesystem::path>& files);

// 64 hex digits to a key; false when the text is not exactly that.
bool parse_hex_key(std::string_view text, secret_key& key);

// Fills with bytes from OpenSSL's CSPRNG; throws when it cannot.
void random_bytes(unsigned char* out, std::size_t size);

// Lower-case hex digits of bytes.
std::string to_hex(const unsigned char* data, std::size_t size);

// `size` random bytes as hex digits: identifiers such as calendar UIDs and MIME boundaries.
std::string random_hex(std::size_t size);

}  // namespace samtal
