// Booking records for store tests: a 45-minute phone conversation on 1 December 2026.
#pragma once

#include <string>

#include "service/core/booking.hpp"

namespace samtal::testing {

inline sys_minutes at(int hour, int minute = 0) {
    return date::sys_days{date::year{2026} / 12 / 1} + std::chrono::hours{hour} +
           std::chrono::minutes{minute};
}

inline booking_record booking_at(sys_minutes start, const std::string& uid) {
    booking_record b;
    b.unit = "unit";
    b.start = start;
    b.end = start + std::chrono::minutes{45};
    b.channel = "phone";
    b.calendar_uid = uid;
    return b;
}

}  // namespace samtal::testing
