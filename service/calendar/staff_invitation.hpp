// The advisor's calendar invitation (iTIP: METHOD:REQUEST for a new or moved conversation,
// METHOD:CANCEL for a cancelled one), built and serialised by libical. It is the one place
// where the parent's phone number or join link leaves the sealed store.
#pragma once

#include <optional>
#include <string>

#include "service/core/booking.hpp"

namespace samtal {

struct staff_invitation_input {
    booking_record booking;
    itip_method method = itip_method::request;
    std::string organizer_name;   // the unit
    std::string organizer_email;  // the unit's mailbox
    std::string attendee_name;    // the advisor
    std::string attendee_email;
    std::string summary;      // names the channel and language, never a person
    std::string description;  // how to join: the link or the number, interpreter details
};

// The VCALENDAR text. Times are written in UTC (see the comment in the .cpp).
std::string staff_invitation(const staff_invitation_input& input, sys_seconds now);

}  // namespace samtal
