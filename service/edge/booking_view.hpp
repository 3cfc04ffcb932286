// A booking as its parent may see it, whether as the API's JSON or as the web's booking page:
// what has been decided about it in the parent's terms, never the advisor or contact data.
#pragma once

#include <optional>
#include <string>

#include "service/core/booking_service.hpp"

namespace samtal {

// Where the parent's interpreter stands.
enum class interpreter_standing {
    not_asked,      // the parent did not ask for one
    not_needed,     // asked, but the advisor speaks the language
    no_request,     // needed; no request to an agency stands (none ordered, or withdrawn)
    requested,      // waiting for the agency
    confirmed,      // the agency confirmed an interpreter
    not_confirmed,  // declined or not answered in time; staff may ask again
};

struct booking_view {
    booking_record record;
    const date::time_zone* zone = nullptr;  // the unit's, in which times are shown
    interpreter_standing interpreter = interpreter_standing::not_asked;
    bool booked = false;
    bool changeable = false;               // booked, and the conversation has not begun
    bool hosted_meeting = false;           // the unit hosts the meeting of a standing booking
    std::optional<std::string> join_link;  // that meeting's link, once the outbox made it
};

// Blocking: a hosted meeting's link is read from the store.
booking_view view_of(const booking_record& booking, booking_service& bookings,
                     const std::vector<unit_config>& units);

interpreter_standing interpreter_standing_of(const booking_record& booking);

// The time zone of a unit, in which its times are shown (UTC for a unit no longer
// configured, whose bookings and requests may still be read).
const date::time_zone& zone_of_unit(const std::vector<unit_config>& units,
                                    std::string_view unit_id);

// The number the service calls the parent from when it bridges the booking's call
// (core/telephony.hpp: bridges_call), as the parent reads it ("08-505 500 00"); nullopt
// when the advisor calls the parent.
std::optional<std::string> bridged_call_from(const std::vector<unit_config>& units,
                                             const advisor_roster& roster,
                                             const booking_record& booking);

}  // namespace samtal
