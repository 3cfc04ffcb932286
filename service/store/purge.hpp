// The one purge of what identifies a parent once their conversation is over: the sealed
// contact data and confirmed interpreters' numbers in the store, the claims on time that has
// passed, the copies samtal itself keeps outside the store (the spool), and, past the
// retention, the booking rows themselves (rolled up into counts per day first). The service
// runs it every minute; `samtal purge` runs it once.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "service/core/unit.hpp"
#include "service/core/wall_time.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/statistics_store.hpp"

namespace samtal {

// What one run removed.
struct purge_counts {
    int contacts = 0;   // bookings whose contact data was destroyed
    int claims = 0;     // claims on advisors' time that has passed
    int copies = 0;     // messages kept outside the store (spool files)
    int rolled_up = 0;  // booking rows rolled into the daily counts and deleted
};

// How long booking rows live: days after the end of the conversation.
struct booking_retention {
    statistics_store& statistics;
    const std::vector<unit_config>& units;
    int keep_days;
};

// Rolls up and deletes, a day of the unit's wall time at a time and oldest first, the bookings
// of each unit whose day's conversations all ended `keep_days` days or more before `now`;
// returns how many.
int roll_up_old_bookings(const booking_retention& retention, sys_seconds now);

class purge {
public:
    // Removes the copies kept outside the store whose time has passed; returns how many.
    using copy_remover = std::function<int(sys_seconds now)>;

    purge(booking_store& bookings, copy_remover remove_copies,
          std::optional<booking_retention> retention = std::nullopt)
        : bookings_(bookings),
          remove_copies_(std::move(remove_copies)),
          retention_(std::move(retention)) {}

    purge_counts run(sys_seconds now);

private:
    booking_store& bookings_;
    copy_remover remove_copies_;
    std::optional<booking_retention> retention_;
};

}  // namespace samtal
