// Bodies of HTML form posts (application/x-www-form-urlencoded), decoded into named fields.
// The parent's pages post small forms; anything larger or stranger is refused, not guessed at.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace samtal {

// No form of ours has more; a body with more fields is not one of ours.
inline constexpr std::size_t k_max_form_fields = 64;

// Field name to decoded value. A name sent twice keeps its first value.
using form_fields = std::map<std::string, std::string, std::less<>>;

// The decoded fields ('+' reads as a space), or nullopt when the body is not valid
// urlencoded text or has more than k_max_form_fields fields.
std::optional<form_fields> parse_form_body(std::string_view body);

// The value of a field, or "" when the form did not send it.
std::string form_value(const form_fields& fields, std::string_view name);

}  // namespace samtal
