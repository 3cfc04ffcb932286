#include "service/calendar/ical_text.hpp"

#include <memory>

namespace samtal {

icaltimetype utc_time(sys_seconds instant) {
    return icaltime_from_timet_with_zone(std::chrono::system_clock::to_time_t(instant), 0,
                                         icaltimezone_get_utc_timezone());
}

std::string calendar_text(icalproperty_method method, icalcomponent* event) {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> calendar(
        icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                            icalproperty_new_prodid("-//samtal//booking//EN"),
                            icalproperty_new_method(method), nullptr),
        &icalcomponent_free);
    icalcomponent_add_component(calendar.get(), event);
    char* serialised = icalcomponent_as_ical_string_r(calendar.get());
    std::string result = serialised ? serialised : "";
    free(serialised);
    return result;
}

}  // namespace samtal
