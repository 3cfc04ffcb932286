#include "service/store/purge.hpp"

namespace samtal {

purge_counts purge::run(sys_seconds now) {
    purge_counts removed;
    removed.contacts = bookings_.destroy_expired_contacts(now);
    removed.claims = bookings_.forget_past_claims(now);
    removed.copies = remove_copies_(now);
    return removed;
}

}  // namespace samtal
