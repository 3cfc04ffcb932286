// Staff passwords, kept only as Argon2id hashes (RFC 9106) in the encoded form that carries
// its own salt and cost, so that the cost can rise later without breaking older hashes.
#pragma once

#include <string>
#include <string_view>

namespace samtal {

// The encoded Argon2id hash of `password` with a fresh random salt. OWASP's minimum cost for
// Argon2id: 19 MiB of memory, two passes, one lane.
std::string hash_password(std::string_view password);

// Whether `password` is the one `encoded` was made from. False for anything malformed.
bool password_matches(const std::string& encoded, std::string_view password);

}  // namespace samtal
