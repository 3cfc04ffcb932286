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
    return calendar_text(ICAL_METHOD_PUBLISH, event);
}

}  // namespace samtal
