#include "service/calendar/parent_calendar.hpp"

#include "service/calendar/ical_text.hpp"

namespace samtal {

std::string parent_calendar(const booking_record& booking, const parent_calendar_text& text,
                            sys_seconds now) {
    icalcomponent* event = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(booking.calendar_uid.c_str()),
        icalproperty_new_sequence(booking.sequence), icalproperty_new_dtstamp(utc_time(now)),
        icalproperty_new_dtstart(utc_time(sys_seconds{booking.start})),
        icalproperty_new_dtend(utc_time(sys_seconds{booking.end})),
        icalproperty_new_summary(text.summary.c_str()),
        icalproperty_new_description(text.description.c_str()),
        icalproperty_new_status(booking.status == booking_status::booked ? ICAL_STATUS_CONFIRMED
                                                                         : ICAL_STATUS_CANCELLED),
        icalproperty_new_transp(ICAL_TRANSP_OPAQUE), nullptr);
    // The phone reminds the parent an hour before without samtal sending anything. The alarm's
    // text is the summary: it may show on a locked screen, so it names no advisor and no topic.
    if (booking.status == booking_status::booked) {
        icalcomponent* alarm =
            icalcomponent_vanew(ICAL_VALARM_COMPONENT, icalproperty_new_action(ICAL_ACTION_DISPLAY),
                                icalproperty_new_description(text.summary.c_str()), nullptr);
        icaltriggertype trigger = icaltriggertype_from_int(0);
        trigger.duration = icaldurationtype_from_int(-int(k_parent_reminder_before.count()));
        icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
        icalcomponent_add_component(event, alarm);
    }
    return calendar_text(ICAL_METHOD_PUBLISH, event);
}

}  // namespace samtal
