#include "service/core/text_reminder.hpp"

namespace samtal {

sys_minutes day_before_at(sys_minutes start, minutes_of_day at, const date::time_zone& zone) {
    auto day = date::floor<date::days>(to_local(start, zone)) - date::days{1};
    auto wall = local_minutes{day} + std::chrono::minutes{at.value};
    if (auto instant = to_instant(wall, zone)) return *instant;
    return *to_instant(wall + std::chrono::hours{1}, zone);
}

std::optional<text_reminder_plan> plan_text_reminder(const unit_config* unit,
                                                     const booking_record& booking,
                                                     sys_seconds now) {
    if (booking.reminder_language.empty() || booking.status != booking_status::booked ||
        booking.channel != "phone" || !unit || !offers_text_reminders(*unit))
        return std::nullopt;
    const auto* zone = find_time_zone(unit->time_zone);
    if (!zone) return std::nullopt;
    auto at = day_before_at(booking.start, unit->telephony->text_reminder_at, *zone);
    return text_reminder_plan{at, sys_seconds{at} <= now};
}

}  // namespace samtal
