// When a text reminder goes: the unit's reminder time the day before, in the unit's wall time
// across daylight-saving changes, and none for what did not ask or cannot have one.
#include "service/core/text_reminder.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

using namespace std::chrono_literals;

sys_minutes utc(int year, unsigned month, unsigned day, int hour, int minute = 0) {
    return sys_minutes{date::sys_days{date::year{year} / month / day}} + std::chrono::hours{hour} +
           std::chrono::minutes{minute};
}

unit_config unit_with_telephony() {
    unit_config unit;
    unit.id = "rinkeby";
    unit.channels = {"phone", "video"};
    unit.telephony = telephony_config{};
    return unit;
}

booking_record phone_booking(sys_minutes start) {
    booking_record booking;
    booking.unit = "rinkeby";
    booking.channel = "phone";
    booking.start = start;
    booking.end = start + 45min;
    booking.reminder_language = "so";
    return booking;
}

TEST(text_reminder, goes_at_six_in_the_evening_the_day_before_in_the_units_wall_time) {
    const auto& zone = *find_time_zone("Europe/Stockholm");
    struct {
        sys_minutes start, expected;
    } cases[] = {
        // Winter (UTC+1): Tuesday 09:00 local is reminded Monday 18:00 local.
        {utc(2026, 12, 1, 8), utc(2026, 11, 30, 17)},
        // An evening conversation too: the day before, not 24 hours before.
        {utc(2026, 12, 1, 18, 30), utc(2026, 11, 30, 17)},
        // Summer (UTC+2).
        {utc(2026, 6, 2, 7), utc(2026, 6, 1, 16)},
        // Monday 30 March 2026, the day after the clocks went forward: Sunday 18:00 is UTC+2.
        {utc(2026, 3, 30, 7), utc(2026, 3, 29, 16)},
        // Monday 26 October 2026, after they went back: Sunday 18:00 is UTC+1.
        {utc(2026, 10, 26, 8), utc(2026, 10, 25, 17)},
        // 00:30 local on 2 December: still reminded at 18:00 on 1 December.
        {utc(2026, 12, 1, 23, 30), utc(2026, 12, 1, 17)},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(date::format("%F %R", c.start));
        EXPECT_EQ(day_before_at(c.start, minutes_of_day{18 * 60}, zone), c.expected);
    }
}

TEST(text_reminder, a_wall_time_the_clocks_skip_goes_an_hour_later) {
    const auto& zone = *find_time_zone("Europe/Stockholm");
    // 02:30 on Sunday 29 March 2026 does not exist in Stockholm.
    EXPECT_EQ(day_before_at(utc(2026, 3, 30, 7), minutes_of_day{2 * 60 + 30}, zone),
              utc(2026, 3, 29, 1, 30));
}

TEST(text_reminder,
     is_planned_only_for_a_booked_phone_conversation_that_asked_in_a_unit_with_telephony) {
    auto unit = unit_with_telephony();
    auto start = utc(2026, 12, 1, 8);
    auto now = sys_seconds{utc(2026, 11, 28, 12)};
    auto plan = plan_text_reminder(&unit, phone_booking(start), now);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->at, utc(2026, 11, 30, 17));
    EXPECT_FALSE(plan->too_late);

    auto not_asked = phone_booking(start);
    not_asked.reminder_language.clear();
    EXPECT_FALSE(plan_text_reminder(&unit, not_asked, now));
    auto video = phone_booking(start);
    video.channel = "video";
    EXPECT_FALSE(plan_text_reminder(&unit, video, now));
    auto cancelled = phone_booking(start);
    cancelled.status = booking_status::cancelled;
    EXPECT_FALSE(plan_text_reminder(&unit, cancelled, now));
    EXPECT_FALSE(plan_text_reminder(nullptr, phone_booking(start), now));
    auto without = unit;
    without.telephony.reset();
    EXPECT_FALSE(offers_text_reminders(without));
    EXPECT_FALSE(plan_text_reminder(&without, phone_booking(start), now));
}

TEST(text_reminder, a_booking_made_after_the_reminder_time_gets_none) {
    auto unit = unit_with_telephony();
    auto start = utc(2026, 12, 1, 8);
    EXPECT_FALSE(
        plan_text_reminder(&unit, phone_booking(start), sys_seconds{utc(2026, 11, 30, 16, 59)})
            ->too_late);
    EXPECT_TRUE(plan_text_reminder(&unit, phone_booking(start), sys_seconds{utc(2026, 11, 30, 17)})
                    ->too_late);
    EXPECT_TRUE(plan_text_reminder(&unit, phone_booking(start), sys_seconds{utc(2026, 11, 30, 20)})
                    ->too_late);
}

}  // namespace
}  // namespace samtal
