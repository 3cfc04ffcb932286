#include "service/calendar/parent_calendar.hpp"

#include <libical/ical.h>

#include <memory>

namespace samtal {
namespace {

// Times are written in UTC: every calendar shows them in its own zone, and the file needs no
// VTIMEZONE that could disagree with the reader's tz database.
icaltimetype utc_time(sys_seconds instant) {
    return icaltime_from_timet_with_zone(std::chrono::system_clock::to_time_t(instant), 0,
                                         icaltimezone_get_utc_timezone());
}

}  // namespace

std::string parent_calendar(const booking_record& booking, const parent_calendar_text& text,
                            sys_seconds now) {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(
        icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                            icalproperty_new_prodid("-//samtal//booking//EN"),
                            icalproperty_new_method(ICAL_METHOD_PUBLISH), nullptr),
        &icalcomponent_free);
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
    icalcomponent_add_component(calendar.get(), event);
    char* serialised = icalcomponent_as_ical_string_r(calendar.get());
    std::string result = serialised ? serialised : "";
    free(serialised);
    return result;
}

}  // namespace samtal
