// The base64 of JOSE (RFC 7515: URL alphabet, no padding) and of HTTP Basic credentials.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samtal {

std::string base64url_encode(std::string_view bytes);

// nullopt for anything but unpadded base64url (padding, line breaks, other characters,
// an impossible length, non-zero trailing bits).
std::optional<std::string> base64url_decode(std::string_view text);

// Standard base64 with padding, as in an "Authorization: Basic" header.
std::string base64_encode(std::string_view bytes);

}  // namespace samtal
