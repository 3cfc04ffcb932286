// Checks of what a parent sends, field by field, with stable error codes that the edge words
// in the parent's language. Nothing here echoes the value back.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "service/core/meeting_platform.hpp"

namespace samtal {

inline constexpr std::size_t k_max_join_link_length = 2048;
inline constexpr std::array<std::string_view, 4> k_parent_roles{"mother", "father", "other",
                                                                "unspecified"};

// The checks every link shares, then those of `platform` (see link_verdict for the refusal
// codes; nullptr, a platform samtal does not know, is wrong_platform). Surrounding white
// space, as pasted from an app, is ignored.
link_verdict check_join_link(const meeting_platform* platform, std::string_view link);

// A phone number the advisor can call: E.164 when accepted, else the refusal
// ("invalid_phone", "premium_phone" for premium-rate and shared-cost numbers,
// "short_number" for service numbers like 112 or 1177).
struct phone_verdict {
    std::optional<std::string> e164;
    std::string refusal;
};
// Numbers without a country code are Swedish; international numbers are accepted.
phone_verdict check_phone(std::string_view text);

// The number as the advisor reads it: the Swedish way for Swedish numbers
// ("070-123 45 67"), else international ("+44 20 7946 0000").
std::string readable_phone(const std::string& e164);

bool is_parent_role(std::string_view role);

}  // namespace samtal
