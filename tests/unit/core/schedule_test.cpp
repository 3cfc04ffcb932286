#include "service/core/schedule.hpp"

#include <gtest/gtest.h>

#include "support/test_config.hpp"

namespace samtal {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class slot_generation : public ::testing::Test {
protected:
    config settings_ = testing::test_config();
    const unit_config& unit_ = settings_.units.front();
    const date::time_zone& zone_ = *find_time_zone("Europe/Stockholm");

    sys_minutes utc(int y, unsigned m, unsigned d, int h, int min = 0) {
        return date::sys_days{date::year{y} / m / d} + hours{h} + minutes{min};
    }
    // Slots on one local day, written as wall times with offsets.
    std::vector<std::string> day(int y, unsigned m, unsigned d,
                                 const std::vector<busy_period>& busy = {},
                                 sys_seconds now = sys_seconds{}) {
        auto from = utc(y, m, d, 0) - hours{3};
        auto to = utc(y, m, d, 0) + hours{27};
        if (now == sys_seconds{}) now = sys_seconds{from - date::days{1}};
        std::vector<std::string> result;
        for (const auto& s : free_slots(unit_, unit_.advisors_from_file, zone_, from, to,
                                        window_at(unit_, zone_, now), busy)) {
            auto text = format_rfc3339(s.start, zone_);
            if (text.substr(0, 10) !=
                (std::ostringstream() << date::year_month_day{date::year{y} / m / d}).str())
                continue;
            result.push_back(text.substr(11) + (s.evening ? " evening" : "") + " x" +
                             std::to_string(s.advisors.size()));
        }
        return result;
    }
};

TEST_F(slot_generation, steps_by_length_plus_buffer_within_working_hours) {
    // Monday 30 November 2026: Amina 09-12 (09, 10, 11), Erik 09-11 (09, 10).
    EXPECT_EQ(day(2026, 11, 30), (std::vector<std::string>{"09:00:00+01:00 x2", "10:00:00+01:00 x2",
                                                           "11:00:00+01:00 x1"}));
}

TEST_F(slot_generation, marks_evening_times) {
    // Wednesday 2 December 2026: Amina 09-12 and 17-20.
    EXPECT_EQ(day(2026, 12, 2),
              (std::vector<std::string>{"09:00:00+01:00 x1", "10:00:00+01:00 x1",
                                        "11:00:00+01:00 x1", "17:00:00+01:00 evening x1",
                                        "18:00:00+01:00 evening x1", "19:00:00+01:00 evening x1"}));
}

TEST_F(slot_generation, skips_the_missing_hour_when_clocks_go_forward) {
    // Sunday 29 March 2026: 02:00-03:00 does not exist in Stockholm.
    EXPECT_EQ(day(2026, 3, 29),
              (std::vector<std::string>{"01:00:00+01:00 x1", "03:00:00+02:00 x1"}));
}

TEST_F(slot_generation, offers_the_repeated_hour_once_when_clocks_go_back) {
    // Sunday 25 October 2026: 02:00-03:00 happens twice; the slot is its first occurrence.
    EXPECT_EQ(day(2026, 10, 25), (std::vector<std::string>{"01:00:00+02:00 x1", "02:00:00+02:00 x1",
                                                           "03:00:00+01:00 x1"}));
}

TEST_F(slot_generation, keeps_wall_time_across_the_change) {
    // The Friday before and the Monday after the October change: 09:00 stays 09:00.
    EXPECT_EQ(day(2026, 10, 23).front(), "09:00:00+02:00 x1");
    EXPECT_EQ(day(2026, 10, 26).front(), "09:00:00+01:00 x2");
}

TEST_F(slot_generation, leaves_out_absent_advisors) {
    // Erik is away 21-22 December 2026 (Monday, Tuesday).
    EXPECT_EQ(day(2026, 12, 21), (std::vector<std::string>{"09:00:00+01:00 x1", "10:00:00+01:00 x1",
                                                           "11:00:00+01:00 x1"}));
}

TEST_F(slot_generation, leaves_out_booked_time_and_its_buffer) {
    // Amina holds 09:00-09:45 local; Erik holds 10:30-11:15 local.
    std::vector<busy_period> busy{{1, "amina", utc(2026, 11, 30, 8), utc(2026, 11, 30, 8, 45)},
                                  {2, "erik", utc(2026, 11, 30, 9, 30), utc(2026, 11, 30, 10, 15)}};
    // 09:00: only Erik (his buffer ends 10:00, before 10:30). 10:00: only Amina (her buffer
    // ended at 10:00; Erik's 10:00-10:45 would overlap 10:30). 11:00: Amina.
    EXPECT_EQ(
        day(2026, 11, 30, busy),
        (std::vector<std::string>{"09:00:00+01:00 x1", "10:00:00+01:00 x1", "11:00:00+01:00 x1"}));
}

TEST_F(slot_generation, a_buffer_keeps_back_to_back_conversations_apart) {
    // A booking 08:00-08:45 local (say from old hours) ends with its buffer at 09:00: 09:00 is
    // free. One ending at 08:50 has its buffer until 09:05: 09:00 is not.
    std::vector<busy_period> ends_on_time{
        {1, "erik", utc(2026, 11, 30, 7), utc(2026, 11, 30, 7, 45)}};
    std::vector<busy_period> ends_late{
        {1, "erik", utc(2026, 11, 30, 7, 5), utc(2026, 11, 30, 7, 50)}};
    EXPECT_EQ(day(2026, 11, 30, ends_on_time).front(), "09:00:00+01:00 x2");
    EXPECT_EQ(day(2026, 11, 30, ends_late).front(), "09:00:00+01:00 x1");
}

TEST_F(slot_generation, a_long_conversation_is_not_hidden_by_a_shorter_one_inside_it) {
    // Amina holds 08:00-10:45 local (a long booking from old settings) and, inside it,
    // 09:00-09:45: the later, shorter one must not hide that she is busy until 11:00 with her
    // buffer. 09:00 and 10:00: only Erik. 11:00: Amina.
    std::vector<busy_period> busy{{1, "amina", utc(2026, 11, 30, 7), utc(2026, 11, 30, 9, 45)},
                                  {2, "amina", utc(2026, 11, 30, 8), utc(2026, 11, 30, 8, 45)}};
    EXPECT_EQ(
        day(2026, 11, 30, busy),
        (std::vector<std::string>{"09:00:00+01:00 x1", "10:00:00+01:00 x1", "11:00:00+01:00 x1"}));
}

TEST_F(slot_generation, bookings_of_other_advisors_and_units_do_not_block) {
    // A booking of an advisor this unit does not have (a stale row) blocks nobody here.
    std::vector<busy_period> busy{{1, "someone-else", utc(2026, 11, 30, 8), utc(2026, 11, 30, 11)}};
    EXPECT_EQ(day(2026, 11, 30, busy), day(2026, 11, 30));
}

TEST_F(slot_generation, respects_the_minimum_notice) {
    // At 07:30 local with two hours' notice, 09:00 is too soon and 10:00 is fine.
    auto now = sys_seconds{utc(2026, 11, 30, 6, 30)};
    EXPECT_EQ(day(2026, 11, 30, {}, now).front(), "10:00:00+01:00 x2");
}

TEST_F(slot_generation, ends_at_the_booking_horizon) {
    auto now = sys_seconds{utc(2026, 11, 30, 6, 30)};
    auto window = window_at(unit_, zone_, now);
    // 400 days: the last bookable day is 4 January 2028; the window ends at its midnight.
    EXPECT_EQ(format_rfc3339(window.latest, zone_), "2028-01-05T00:00:00+01:00");
    EXPECT_TRUE(free_slots(unit_, unit_.advisors_from_file, zone_, utc(2028, 1, 5, 0),
                           utc(2028, 1, 12, 0), window, {})
                    .empty());
}

TEST(advisor_assignment, prefers_a_speaker_of_the_language_then_the_least_busy) {
    auto settings = testing::test_config();
    const auto& unit = settings.units.front();
    slot free{{}, {}, false, {&unit.advisors_from_file[0], &unit.advisors_from_file[1]}};
    EXPECT_EQ(assignment_order(free, "en", {}).front()->id, "erik");
    EXPECT_EQ(assignment_order(free, "so", {}).front()->id, "amina");
    std::vector<busy_period> amina_busy{{1, "amina", {}, {}}};
    EXPECT_EQ(assignment_order(free, "", amina_busy).front()->id, "erik");
    EXPECT_EQ(assignment_order(free, "sv", {}).front()->id, "amina");
    EXPECT_TRUE(speaker_free(free, "so"));
    EXPECT_FALSE(speaker_free(free, "ar"));
}

}  // namespace
}  // namespace samtal
