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

// Whether `encoded` is an Argon2id hash (version 19) whose cost a sign-in can afford: at most
// 256 MiB of memory, ten passes and eight lanes, so that a hash from elsewhere (a configuration
// file) cannot make each sign-in stall the service.
bool is_password_hash(std::string_view encoded);

}  // namespace samtal
