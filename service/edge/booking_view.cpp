#include "service/edge/booking_view.hpp"

#include "service/core/telephony.hpp"
#include "service/core/validation.hpp"

namespace samtal {

booking_view view_of(const booking_record& booking, booking_service& bookings,
                     const std::vector<unit_config>& units) {
    booking_view view;
    view.record = booking;
    view.zone = &zone_of_unit(units, booking.unit);
    view.interpreter = interpreter_standing_of(booking);
    view.booked = booking.status == booking_status::booked;
    // Once the conversation has begun there is nothing left to move, cancel or remind of.
    view.changeable = view.booked && sys_seconds{booking.start} > bookings.now();
    view.hosted_meeting = view.booked && booking.hosting == "unit";
    if (view.hosted_meeting) view.join_link = bookings.hosted_join_link(booking);
    return view;
}

interpreter_standing interpreter_standing_of(const booking_record& booking) {
    if (!booking.interpreter_requested) return interpreter_standing::not_asked;
    if (!booking.interpreter) return interpreter_standing::not_needed;
    const auto& status = booking.interpreter_request_status;
    if (!status || *status == interpreter_status::cancelled)
        return interpreter_standing::no_request;
    switch (*status) {
        case interpreter_status::requested:
            return interpreter_standing::requested;
        case interpreter_status::confirmed:
            return interpreter_standing::confirmed;
        case interpreter_status::declined:
        case interpreter_status::expired:
        case interpreter_status::cancelled:
            break;
    }
    return interpreter_standing::not_confirmed;
}

const date::time_zone& zone_of_unit(const std::vector<unit_config>& units,
                                    std::string_view unit_id) {
    // A configured unit's zone was validated at start-up, so it exists.
    const auto* unit = find_unit(units, unit_id);
    return *find_time_zone(unit ? unit->time_zone : "UTC");
}

std::optional<std::string> bridged_call_from(const std::vector<unit_config>& units,
                                             const advisor_roster& roster,
                                             const booking_record& booking) {
    const auto* unit = find_unit(units, booking.unit);
    if (!unit) return std::nullopt;
    auto advisors = roster.of(unit->id);
    if (!bridges_call(*unit, find_advisor(*advisors, booking.advisor), booking))
        return std::nullopt;
    return readable_phone(unit->telephony->from);
}

}  // namespace samtal
