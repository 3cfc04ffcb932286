#include "service/calendar/staff_invitation.hpp"

#include "service/calendar/ical_text.hpp"

namespace samtal {
namespace {

icalproperty* person(icalproperty* property, const std::string& name) {
    if (!name.empty()) icalproperty_add_parameter(property, icalparameter_new_cn(name.c_str()));
    return property;
}

}  // namespace

std::string staff_invitation(const staff_invitation_input& input, sys_seconds now) {
    bool cancel = input.method == itip_method::cancel;
    const auto& booking = input.booking;
    auto organizer = "mailto:" + input.organizer_email;
    auto attendee_address = "mailto:" + input.attendee_email;
    icalproperty* attendee =
        person(icalproperty_new_attendee(attendee_address.c_str()), input.attendee_name);
    icalproperty_add_parameter(attendee, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(attendee, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
    icalproperty_add_parameter(attendee,
                               icalparameter_new_rsvp(cancel ? ICAL_RSVP_FALSE : ICAL_RSVP_TRUE));
    icalcomponent* event = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(booking.calendar_uid.c_str()),
        icalproperty_new_sequence(booking.sequence), icalproperty_new_dtstamp(utc_time(now)),
        icalproperty_new_dtstart(utc_time(sys_seconds{booking.start})),
        icalproperty_new_dtend(utc_time(sys_seconds{booking.end})),
        person(icalproperty_new_organizer(organizer.c_str()), input.organizer_name), attendee,
        icalproperty_new_summary(input.summary.c_str()),
        icalproperty_new_description(input.description.c_str()),
        icalproperty_new_status(cancel ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED),
        icalproperty_new_transp(ICAL_TRANSP_OPAQUE), icalproperty_new_class(ICAL_CLASS_PRIVATE),
        nullptr);
    return calendar_text(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST, event);
}

}  // namespace samtal
