// The iCalendar text path: arbitrary text in every field that reaches an invitation or the
// parent's calendar file (service/calendar), serialised by libical and read back. Whatever
// the text, the file holds one event with exactly the properties samtal wrote: no text may
// end a property and start another.
#include <libical/ical.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "service/calendar/parent_calendar.hpp"
#include "service/calendar/staff_invitation.hpp"

namespace {

using namespace samtal;

// Up to `count` NUL-separated fields (a C string ends at NUL anyway).
std::vector<std::string> fields_of(std::string_view input, std::size_t count) {
    std::vector<std::string> fields;
    while (fields.size() + 1 < count) {
        auto end = input.find('\0');
        if (end == std::string_view::npos) break;
        fields.emplace_back(input.substr(0, end));
        input.remove_prefix(end + 1);
    }
    fields.emplace_back(input.substr(0, input.find('\0')));
    fields.resize(count);
    return fields;
}

// The properties of the one VEVENT, or -1 when the text is not one calendar with one event.
int event_properties(const std::string& text) {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root(
        icalparser_parse_string(text.c_str()), &icalcomponent_free);
    if (!root || icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT) return -1;
    if (icalcomponent_count_components(root.get(), ICAL_ANY_COMPONENT) != 1) return -1;
    auto* event = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
    if (!event) return -1;
    return icalcomponent_count_properties(event, ICAL_ANY_PROPERTY);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto fields = fields_of(std::string_view(reinterpret_cast<const char*>(data), size), 4);
    booking_record booking;
    booking.calendar_uid = "0123456789abcdef@samtal";
    booking.start = sys_minutes(std::chrono::minutes(29'000'000));
    booking.end = booking.start + std::chrono::minutes(45);
    auto now = sys_seconds(std::chrono::seconds(1'700'000'000));

    staff_invitation_input invitation{
        booking,   itip_method::request,  fields[2], "unit@example.org",
        fields[3], "advisor@example.org", fields[0], fields[1]};
    // UID, SEQUENCE, DTSTAMP, DTSTART, DTEND, ORGANIZER, ATTENDEE, SUMMARY, DESCRIPTION,
    // STATUS, TRANSP, CLASS.
    if (event_properties(staff_invitation(invitation, now)) != 12) std::abort();

    auto parent = parent_calendar(booking, {fields[0], fields[1]}, now);
    static const int parent_properties =
        event_properties(parent_calendar(booking, {"a", "b"}, now));
    if (event_properties(parent) != parent_properties) std::abort();
    return 0;
}
