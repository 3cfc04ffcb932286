#include "service/core/interpreter_request.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace samtal {
namespace {

constexpr std::array<std::pair<interpreter_status, std::string_view>, 5> k_status_names{{
    {interpreter_status::requested, "requested"},
    {interpreter_status::confirmed, "confirmed"},
    {interpreter_status::declined, "declined"},
    {interpreter_status::expired, "expired"},
    {interpreter_status::cancelled, "cancelled"},
}};

constexpr std::string_view k_reference_prefix = "IR-";

}  // namespace

std::string_view status_name(interpreter_status status) {
    for (const auto& [value, name] : k_status_names)
        if (value == status) return name;
    return "requested";
}

std::optional<interpreter_status> parse_interpreter_status(std::string_view name) {
    for (const auto& [value, known] : k_status_names)
        if (known == name) return value;
    return std::nullopt;
}

std::string interpreter_reference_of(std::int64_t request_id) {
    char text[32];
    std::snprintf(text, sizeof text, "IR-%06lld", static_cast<long long>(request_id));
    return text;
}

std::optional<std::int64_t> parse_interpreter_reference(std::string_view reference) {
    if (!reference.starts_with(k_reference_prefix)) return std::nullopt;
    auto digits = reference.substr(k_reference_prefix.size());
    if (digits.empty() || digits.size() > 18 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    std::int64_t id = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (id <= 0) return std::nullopt;
    return id;
}

sys_minutes answer_deadline(sys_minutes booked_at, sys_minutes start, std::chrono::minutes within,
                            std::chrono::minutes before_start) {
    auto deadline = std::min(booked_at + within, start - before_start);
    if (deadline >= booked_at) return deadline;
    return std::min(booked_at + within, start);
}

std::vector<std::string> interpreter_modes(std::string_view channel) {
    // In a video conversation an interpreter on the phone can still be conferenced in.
    if (channel == "video") return {"video", "phone"};
    return {"phone"};
}

bool is_interpreter_gender(std::string_view gender) {
    return gender == "female" || gender == "male";
}

}  // namespace samtal
