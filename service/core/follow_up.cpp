#include "service/core/follow_up.hpp"

#include <date/iso_week.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdio>

namespace samtal {
namespace {

constexpr std::string_view k_mark_key_label = "samtal follow-up marks v1";

secret_key derived_key(const secret_key& code_key) {
    secret_key derived{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), code_key.data(), int(code_key.size()),
         reinterpret_cast<const unsigned char*>(k_mark_key_label.data()), k_mark_key_label.size(),
         derived.data(), &length);
    return derived;
}

}  // namespace

bool follow_up_answers::any() const {
    return std::any_of(by_question.begin(), by_question.end(),
                       [](const follow_up_answer& answer) { return answer.has_value(); });
}

std::optional<follow_up_answer> read_follow_up_answer(std::string_view text) {
    if (text.empty()) return follow_up_answer{};
    if (text == "dont_know") return follow_up_answer{k_dont_know};
    if (text.size() == 1 && text[0] >= '1' && text[0] <= '5')
        return follow_up_answer{text[0] - '0'};
    return std::nullopt;
}

std::string iso_week_of(sys_minutes instant, const date::time_zone& zone) {
    auto day = date::floor<date::days>(to_local(instant, zone));
    iso_week::year_weeknum_weekday week{date::sys_days{day.time_since_epoch()}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-W%02u", int(week.year()), unsigned(week.weeknum()));
    return text;
}

follow_up_service::follow_up_service(const std::vector<unit_config>& units,
                                     booking_service& bookings, follow_up_repository& answers,
                                     const secret_key& code_key)
    : units_(units), bookings_(bookings), answers_(answers), mark_key_(derived_key(code_key)) {}

std::string follow_up_service::mark_of(std::string_view typed_code) const {
    // Only ever called for a code that found its booking, so it has a canonical form.
    auto canonical = canonical_booking_code(typed_code).value_or(std::string(typed_code));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), mark_key_.data(), int(mark_key_.size()),
         reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest,
         &length);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

follow_up_state follow_up_service::window_of(const booking_record& booking) const {
    auto now = bookings_.now();
    if (now > sys_seconds{booking.end} + k_follow_up_window) return follow_up_state::closed;
    // The advisor may mark a conversation held from its day on, before its planned start.
    if (now >= sys_seconds{booking.start} || booking.outcome == "held")
        return follow_up_state::open;
    return follow_up_state::not_yet_open;
}

follow_up_state follow_up_service::state_of(const booking_record& booking,
                                            std::string_view typed_code) {
    auto window = window_of(booking);
    if (window != follow_up_state::open) return window;
    return answers_.answered(mark_of(typed_code)) ? follow_up_state::answered
                                                  : follow_up_state::open;
}

result<follow_up_state> follow_up_service::answer(std::string_view typed_code,
                                                  const follow_up_answers& answers) {
    auto booking = bookings_.find(typed_code);
    if (!booking) return booking.error();
    switch (window_of(booking.value())) {
        case follow_up_state::not_yet_open:
            return failure::invalid("feedback", "not_yet_open");
        case follow_up_state::closed:
            return failure::invalid("feedback", "closed");
        case follow_up_state::open:
        case follow_up_state::answered:
            break;
    }
    if (!answers.any()) return failure::invalid("feedback", "nothing_answered");
    const auto* unit = find_unit(units_, booking->unit);
    if (!unit) return failure{failure_kind::not_found, {}};
    follow_up_entry entry{booking->unit, iso_week_of(booking->start, bookings_.zone_of(*unit)),
                          answers};
    if (!answers_.record(entry, mark_of(typed_code)))
        return failure::invalid("feedback", "already_answered");
    return follow_up_state::answered;
}

}  // namespace samtal
