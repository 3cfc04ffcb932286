#include "service/calendar/staff_invitation.hpp"

#include <libical/ical.h>

#include <memory>

namespace samtal {
namespace {

// UTC times (DTSTART:20261201T163000Z) need no VTIMEZONE: every client (Outlook, Apple,
// Thunderbird, Google) shows them in its own zone, and no VTIMEZONE can disagree with the
// client's tz database around a daylight-saving change.
icaltimetype utc_time(sys_seconds instant) {
    return icaltime_from_timet_with_zone(std::chrono::system_clock::to_time_t(instant), 0,
                                         icaltimezone_get_utc_timezone());
}

icalproperty* person(icalproperty* property, const std::string& name) {
    if (!name.empty()) icalproperty_add_parameter(property, icalparameter_new_cn(name.c_str()));
    return property;
}

}  // namespace

std::string_view method_name(itip_method method) {
    return method == itip_method::request ? "REQUEST" : "CANCEL";
}

std::string staff_invitation(const staff_invitation_input& input, sys_seconds now) {
    bool cancel = input.method == itip_method::cancel;
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(
        icalcomponent_vanew(
            ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
            icalproperty_new_prodid("-//samtal//booking//EN"),
            icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST), nullptr),
        &icalcomponent_free);
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
    icalcomponent_add_component(calendar.get(), event);
    char* serialised = icalcomponent_as_ical_string_r(calendar.get());
    std::string result = serialised ? serialised : "";
    free(serialised);
    return result;
}

}  // namespace samtal
