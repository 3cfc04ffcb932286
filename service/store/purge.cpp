#include "service/store/purge.hpp"

namespace samtal {

int roll_up_old_bookings(const booking_retention& retention, sys_seconds now) {
    int rolled = 0;
    for (const auto& unit : retention.units) {
        const auto* zone = find_time_zone(unit.time_zone);
        if (!zone) continue;
        auto oldest = retention.statistics.oldest_booking(unit.id);
        if (!oldest) continue;
        auto last = last_month_to_roll_up(now, retention.keep_months, *zone);
        auto oldest_day = date::year_month_day{
            date::floor<date::days>(to_local(date::floor<std::chrono::minutes>(*oldest), *zone))};
        for (date::year_month month{oldest_day.year(), oldest_day.month()}; month <= last;
             month += date::months{1})
            rolled +=
                retention.statistics.roll_up(unit.id, month_name(month), month_range(month, *zone));
    }
    return rolled;
}

purge_counts purge::run(sys_seconds now) {
    purge_counts removed;
    removed.contacts = bookings_.destroy_expired_contacts(now);
    removed.claims = bookings_.forget_past_claims(now);
    removed.copies = remove_copies_(now);
    if (retention_) removed.rolled_up = roll_up_old_bookings(*retention_, now);
    return removed;
}

}  // namespace samtal
