#include "service/calendar/parent_calendar.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <memory>

namespace samtal {
namespace {

booking_record booking(booking_status status = booking_status::booked) {
    booking_record b;
    b.start = date::sys_days{date::year{2026} / 12 / 1} + std::chrono::hours{16} +
              std::chrono::minutes{30};
    b.end = b.start + std::chrono::minutes{45};
    b.channel = "phone";
    b.advisor = "amina";
    b.topic = "sleep";
    b.calendar_uid = "0123456789abcdef@samtal";
    b.sequence = 1;
    b.status = status;
    return b;
}

const parent_calendar_text k_text{"Conversation with parenting support (phone)",
                                  "A parenting advisor calls you at this time."};
const sys_seconds k_now{std::chrono::seconds{1795000000}};

using calendar_ptr = std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)>;

calendar_ptr parse(const std::string& text) {
    return {icalparser_parse_string(text.c_str()), &icalcomponent_free};
}

TEST(parent_calendar, alarm_displays_the_neutral_summary_an_hour_before) {
    auto text = parent_calendar(booking(), k_text, k_now);
    auto root = parse(text);
    ASSERT_TRUE(root);
    EXPECT_EQ(icalcomponent_count_errors(root.get()), 0) << text;
    auto* event = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
    ASSERT_TRUE(event);
    ASSERT_EQ(icalcomponent_count_components(event, ICAL_VALARM_COMPONENT), 1) << text;
    auto* alarm = icalcomponent_get_first_component(event, ICAL_VALARM_COMPONENT);

    auto* action = icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY);
    ASSERT_TRUE(action);
    EXPECT_EQ(icalproperty_get_action(action), ICAL_ACTION_DISPLAY);

    auto* trigger = icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY);
    ASSERT_TRUE(trigger);
    auto when = icalproperty_get_trigger(trigger);
    EXPECT_TRUE(icaltime_is_null_time(when.time)) << "relative to the start, not a fixed time";
    EXPECT_EQ(icaldurationtype_as_int(when.duration), -3600);

    auto* description = icalcomponent_get_first_property(alarm, ICAL_DESCRIPTION_PROPERTY);
    ASSERT_TRUE(description);
    std::string shown = icalproperty_get_description(description);
    EXPECT_EQ(shown, k_text.summary);
    // A locked screen may show it: no advisor, no topic.
    EXPECT_EQ(shown.find("amina"), std::string::npos);
    EXPECT_EQ(shown.find("sleep"), std::string::npos);
}

TEST(parent_calendar, cancelled_booking_has_no_alarm) {
    auto root = parse(parent_calendar(booking(booking_status::cancelled), k_text, k_now));
    ASSERT_TRUE(root);
    auto* event = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
    ASSERT_TRUE(event);
    EXPECT_EQ(icalcomponent_get_status(event), ICAL_STATUS_CANCELLED);
    EXPECT_EQ(icalcomponent_count_components(event, ICAL_VALARM_COMPONENT), 0);
}

}  // namespace
}  // namespace samtal
