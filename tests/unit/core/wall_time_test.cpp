#include "service/core/wall_time.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

const date::time_zone& stockholm() { return *find_time_zone("Europe/Stockholm"); }

sys_minutes utc(int y, unsigned m, unsigned d, int h, int min) {
    return date::sys_days{date::year{y} / m / d} + std::chrono::hours{h} +
           std::chrono::minutes{min};
}

TEST(wall_time, formats_with_the_offset_in_force) {
    EXPECT_EQ(format_rfc3339(utc(2026, 12, 1, 16, 30), stockholm()), "2026-12-01T17:30:00+01:00");
    EXPECT_EQ(format_rfc3339(utc(2026, 6, 1, 15, 30), stockholm()), "2026-06-01T17:30:00+02:00");
}

TEST(wall_time, parses_offsets_and_z) {
    EXPECT_EQ(parse_rfc3339("2026-12-01T17:30:00+01:00"), sys_seconds{utc(2026, 12, 1, 16, 30)});
    EXPECT_EQ(parse_rfc3339("2026-12-01T16:30:00Z"), sys_seconds{utc(2026, 12, 1, 16, 30)});
    EXPECT_EQ(parse_rfc3339("2026-12-01T16:30:00.000Z"), sys_seconds{utc(2026, 12, 1, 16, 30)});
    EXPECT_EQ(parse_rfc3339("2026-12-01T12:30:00-04:00"), sys_seconds{utc(2026, 12, 1, 16, 30)});
}

TEST(wall_time, refuses_what_is_not_rfc3339) {
    for (const char* text :
         {"", "2026-12-01", "2026-12-01T17:30+01:00", "2026-12-01T17:30:00", "2026-13-01T17:30:00Z",
          "2026-02-30T17:30:00Z", "2026-12-01T24:00:00Z", "2026-12-01T17:30:00+0100",
          "2026-12-01T17:30:00+01:00x", "tomorrow", "2026-12-01T17:30:00.Z"}) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(parse_rfc3339(text));
    }
}

TEST(wall_time, the_skipped_spring_hour_has_no_instant) {
    auto wall = local_minutes{date::local_days{date::year{2026} / 3 / 29}.time_since_epoch()} +
                std::chrono::hours{2} + std::chrono::minutes{30};
    EXPECT_FALSE(to_instant(wall, stockholm()));
}

TEST(wall_time, the_repeated_autumn_hour_means_its_first_occurrence) {
    auto wall = local_minutes{date::local_days{date::year{2026} / 10 / 25}.time_since_epoch()} +
                std::chrono::hours{2} + std::chrono::minutes{30};
    EXPECT_EQ(to_instant(wall, stockholm()), utc(2026, 10, 25, 0, 30));
}

TEST(wall_time, minutes_of_day) {
    EXPECT_EQ(parse_minutes_of_day("17:30")->value, 17 * 60 + 30);
    EXPECT_EQ(parse_minutes_of_day("24:00")->value, 24 * 60);
    for (const char* text : {"", "7:30", "17:60", "24:01", "25:00", "17-30", "ab:cd"}) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(parse_minutes_of_day(text));
    }
}

}  // namespace
}  // namespace samtal
