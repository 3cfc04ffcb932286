#include "service/app/generate_history.hpp"

#include "service/store/booking_store.hpp"
#include "service/store/outbox_store.hpp"

namespace samtal {

void generate_history(database& store, const std::string& unit, const std::string& site,
                      const std::vector<std::string>& advisors, sys_seconds now, int count) {
    // Many rows a transaction: one commit each would take hours for a million.
    constexpr int k_batch = 20000;
    auto hour = date::floor<std::chrono::hours>(now);
    for (int done = 0; done < count;) {
        store.write([&](database::connection& db) {
            for (int i = 0; i < k_batch && done < count; ++i, ++done) {
                past_booking booking;
                booking.unit = unit;
                booking.site = site;
                booking.advisor = advisors[std::size_t(done) % advisors.size()];
                booking.start = date::floor<std::chrono::minutes>(
                    hour - std::chrono::hours{1 + done / int(advisors.size())});
                booking.end = booking.start + std::chrono::minutes{45};
                booking.cancelled = done % 10 == 0;
                auto id = insert_past_booking(db, booking);
                insert_sent_invitation(db, id, booking.advisor, itip_method::request,
                                       booking.start);
                if (booking.cancelled)
                    insert_sent_invitation(db, id, booking.advisor, itip_method::cancel,
                                           booking.start);
            }
        });
    }
}

}  // namespace samtal
