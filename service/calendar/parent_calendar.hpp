// The parent's own calendar file (METHOD:PUBLISH), built and serialised by libical: the
// time, the channel and how to take part, in the parent's language; no staff addresses and no
// contact data. A booked conversation's file carries an alarm an hour before it starts.
#pragma once

#include <chrono>
#include <string>

#include "service/core/booking.hpp"

namespace samtal {

inline constexpr std::chrono::seconds k_parent_reminder_before{3600};

struct parent_calendar_text {
    std::string summary;      // e.g. "Conversation with the parenting support (phone)"
    std::string description;  // how the call happens and how to cancel or move it
};

std::string parent_calendar(const booking_record& booking, const parent_calendar_text& text,
                            sys_seconds now);

}  // namespace samtal
