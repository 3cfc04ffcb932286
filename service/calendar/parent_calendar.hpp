// The parent's own calendar file (METHOD:PUBLISH), built and serialised by libical: the
// time, the channel and how to take part, in the parent's language; no staff addresses and no
// contact data.
#pragma once

#include <string>

#include "service/core/booking.hpp"

namespace samtal {

struct parent_calendar_text {
    std::string summary;      // e.g. "Conversation with the parenting support (phone)"
    std::string description;  // how the call happens and how to cancel or move it
};

std::string parent_calendar(const booking_record& booking, const parent_calendar_text& text,
                            sys_seconds now);

}  // namespace samtal
