#include "service/store/purge.hpp"

namespace samtal {

int roll_up_old_bookings(const booking_retention& retention, sys_seconds now) {
    int rolled = 0;
    auto ended_by = now - date::days{retention.keep_days};
    for (const auto& unit : retention.units) {
        const auto* zone = find_time_zone(unit.time_zone);
        if (!zone) continue;
        std::chrono::seconds evening_from = std::chrono::minutes{unit.evening_from.value};
        // From the oldest row on, so that days without bookings cost nothing; a day whose last
        // conversation is not old enough yet ends the run (the later days are younger still).
        while (auto oldest = retention.statistics.oldest_booking(unit.id)) {
            if (*oldest >= ended_by) break;
            auto day = local_day_of(*oldest, *zone);
            auto rows = offset_spans(day_range(day, *zone), *zone);
            auto done = retention.statistics.roll_up_day(unit.id, day_name(day), rows, evening_from,
                                                         ended_by);
            if (!done || *done == 0) break;
            rolled += *done;
        }
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
