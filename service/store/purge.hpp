// The one purge of what identifies a parent once their conversation is over: the sealed
// contact data and confirmed interpreters' numbers in the store, the claims on time that has
// passed, and the copies samtal itself keeps outside the store (the spool). The service runs
// it every minute; `samtal purge` runs it once.
#pragma once

#include <functional>

#include "service/core/wall_time.hpp"
#include "service/store/booking_store.hpp"

namespace samtal {

// What one run removed.
struct purge_counts {
    int contacts = 0;  // bookings whose contact data was destroyed
    int claims = 0;    // claims on advisors' time that has passed
    int copies = 0;    // messages kept outside the store (spool files)
};

class purge {
public:
    // Removes the copies kept outside the store whose time has passed; returns how many.
    using copy_remover = std::function<int(sys_seconds now)>;

    purge(booking_store& bookings, copy_remover remove_copies)
        : bookings_(bookings), remove_copies_(std::move(remove_copies)) {}

    purge_counts run(sys_seconds now);

private:
    booking_store& bookings_;
    copy_remover remove_copies_;
};

}  // namespace samtal
