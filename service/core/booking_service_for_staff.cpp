// The booking_service's part for the staff side: the unit's conversations, who can hold them,
// handing one over and recording its outcome (declared in booking_service.hpp).
#include <algorithm>

#include "service/core/booking_service.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;

// How far ahead a conversation can lie: beyond any unit's booking horizon.
constexpr date::days k_furthest_conversation{400};

failure not_found() { return failure{failure_kind::not_found, {}}; }

}  // namespace

result<booking_record> booking_service::find_conversation(std::string_view conversation_id) {
    // A conversation id is the hex of its calendar UID; anything else names nothing.
    if (conversation_id.empty() || conversation_id.size() > 64 ||
        !std::all_of(conversation_id.begin(), conversation_id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
        return not_found();
    auto booking = repository_.find_by_uid(std::string(conversation_id) + "@samtal");
    if (!booking) return not_found();
    return *booking;
}

std::vector<booking_record> booking_service::conversations_on(const unit_config& unit,
                                                              date::local_days day) {
    const auto& zone = zone_of(unit);
    auto midnight = [&](date::local_days d) {
        auto wall = local_minutes{d.time_since_epoch()};
        return to_instant(wall, zone).value_or(sys_minutes{wall.time_since_epoch()});
    };
    return repository_.booked_between(unit.id, midnight(day), midnight(day + date::days{1}));
}

std::vector<booking_record> booking_service::conversations_of(const unit_config& unit,
                                                              std::string_view advisor,
                                                              sys_minutes from) {
    auto booked = repository_.booked_between(unit.id, from, from + k_furthest_conversation);
    if (!advisor.empty())
        std::erase_if(booked, [&](const booking_record& b) { return b.advisor != advisor; });
    return booked;
}

bool booking_service::can_hold(const unit_config& unit, std::string_view advisor_id,
                               const booking_record& booking) const {
    auto advisors = roster_.of(unit.id);
    const auto* advisor = find_advisor(*advisors, advisor_id);
    return advisor && works_at(*advisor, zone_of(unit), booking.start, booking.end);
}

std::optional<std::string> booking_service::contact_of(const booking_record& booking) {
    auto contact = repository_.contact_of(booking.id);
    if (!contact) return std::nullopt;
    return box_.open(contact->key_id, contact->sealed, booking.calendar_uid);
}

std::vector<assignment> booking_service::handover_candidates(
    const booking_record& booking, std::string_view to, const std::vector<busy_period>& also_busy) {
    const auto* unit = find_unit(units_, booking.unit);
    if (!unit || booking.status != booking_status::booked ||
        sys_seconds{booking.start} <= now_in_seconds(now_))
        return {};
    const auto& zone = zone_of(*unit);
    const minutes buffer{unit->buffer_minutes};
    auto busy = repository_.busy_periods(unit->id, booking.start - date::days{1},
                                         booking.start + date::days{1});
    busy.insert(busy.end(), also_busy.begin(), also_busy.end());
    std::erase_if(busy, [&](const busy_period& b) { return b.booking_id == booking.id; });
    // Whoever works then, is not away and is free with the buffers on both sides, wherever
    // their working day's grid of times would put them.
    auto advisors = roster_.of(unit->id);
    slot free{booking.start, booking.end, false, {}};
    for (const auto& advisor : *advisors) {
        if (advisor.id == booking.advisor || (!to.empty() && advisor.id != to)) continue;
        if (!works_at(advisor, zone, booking.start, booking.end)) continue;
        bool busy_then = std::any_of(busy.begin(), busy.end(), [&](const busy_period& b) {
            return b.advisor == advisor.id && b.start < booking.end + buffer &&
                   booking.start < b.end + buffer;
        });
        if (!busy_then) free.advisors.push_back(&advisor);
    }
    auto day = date::floor<date::days>(to_local(booking.start, zone));
    std::vector<busy_period> busy_that_day;
    std::copy_if(busy.begin(), busy.end(), std::back_inserter(busy_that_day),
                 [&](const busy_period& b) {
                     return date::floor<date::days>(to_local(b.start, zone)) == day;
                 });
    std::vector<assignment> candidates;
    for (const auto* advisor :
         assignment_order(free, booking.language, busy_that_day, booking.site))
        candidates.push_back({advisor->id, advisor->site,
                              booking.interpreter_requested && !advisor->speaks(booking.language)});
    return candidates;
}

result<booking_record> booking_service::hand_over(const booking_record& booking,
                                                  std::string_view to,
                                                  std::optional<int> expected_sequence) {
    const auto* unit = find_unit(units_, booking.unit);
    if (!unit || booking.status != booking_status::booked) return not_found();
    if (sys_seconds{booking.start} <= now_in_seconds(now_))
        return failure::invalid("conversation", "already_started");
    const minutes buffer{unit->buffer_minutes};
    auto candidates = handover_candidates(booking, to);
    if (candidates.empty()) return failure::invalid("to", to.empty() ? "nobody_free" : "not_free");
    auto moved = repository_.move(
        booking.id, booking.start, booking.end, candidates, buffer, booking.end + k_contact_grace,
        interpreter_order_for(*unit, booking, now_in_seconds(now_)), expected_sequence);
    if (!moved) {
        auto stored = repository_.find_by_uid(booking.calendar_uid);
        if (!stored || stored->status != booking_status::booked) return not_found();
        if (expected_sequence && stored->sequence != *expected_sequence)
            return failure{failure_kind::conflict, {}};
        return failure{failure_kind::slot_taken, {}};
    }
    after_change_();
    return *moved;
}

result<booking_record> booking_service::record_outcome(const booking_record& booking,
                                                       std::string_view outcome) {
    const auto* unit = find_unit(units_, booking.unit);
    if (!unit || booking.status != booking_status::booked) return not_found();
    const auto& zone = zone_of(*unit);
    // From the conversation's own day on: an advisor may call early or record it right after,
    // but a conversation on a later day has not been held.
    auto today =
        date::floor<date::days>(to_local(date::floor<minutes>(now_in_seconds(now_)), zone));
    if (date::floor<date::days>(to_local(booking.start, zone)) > today)
        return failure::invalid("outcome", "too_early");
    auto recorded = repository_.record_outcome(booking.id, std::string(outcome));
    if (!recorded) return not_found();
    return *recorded;
}

}  // namespace samtal
