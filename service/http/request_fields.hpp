// Reading the parts of a request target and headers that handlers ask about: a query
// parameter, the bearer token (a booking code or a staff token), and the version a write was
// based on.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/http/router.hpp"

namespace samtal {

// The value of a query parameter in a request target ("" when absent), percent-decoded.
std::string query_parameter(std::string_view target, std::string_view name);

// The token in "Authorization: Bearer <token>" (a booking code or a staff token); empty when
// there is none, another scheme, or a header longer than any token samtal knows (512).
std::string_view bearer_token(const request& req);

// A version as a form or an If-Match header carries it ("3"): digits only, below 10^9;
// nullopt for anything else.
std::optional<int> parse_version(std::string_view text);

}  // namespace samtal
