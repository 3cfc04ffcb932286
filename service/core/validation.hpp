// Checks of what a parent sends, field by field, with stable error codes that the edge words
// in the parent's language. Nothing here echoes the value back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/config/config.hpp"
#include "service/core/result.hpp"

namespace samtal {

inline constexpr std::size_t k_max_join_link_length = 2048;
inline constexpr std::array<std::string_view, 4> k_parent_roles{"mother", "father", "other",
                                                                "unspecified"};

// The join link in a canonical form when it is an https link to the named platform's own
// hosts, else the reason ("invalid_link", "wrong_platform", "skype_retired").
struct join_link_check {
    std::optional<std::string> link;
    std::string error_code;
};
join_link_check check_join_link(std::string_view platform, std::string_view link);

// The phone number as digits with a leading + (Swedish numbers without country code get +46),
// or nullopt when it is not a plausible phone number.
std::optional<std::string> normalise_phone(std::string_view text);

bool is_parent_role(std::string_view role);

}  // namespace samtal
