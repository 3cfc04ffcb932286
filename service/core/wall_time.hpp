// Time as people read it (the unit's wall time) and as the service stores it (UTC), and the
// RFC 3339 text the API speaks. Time zones come from the system's tz database via date/tz.
#pragma once

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace samtal {

using sys_minutes = date::sys_time<std::chrono::minutes>;
using sys_seconds = date::sys_seconds;
using local_minutes = date::local_time<std::chrono::minutes>;

// Minutes after local midnight, e.g. 17:30 is 1050.
struct minutes_of_day {
    int value = 0;
    auto operator<=>(const minutes_of_day&) const = default;
};

// "HH:MM" with 00 <= HH <= 24 (24:00 only as an end), MM < 60.
std::optional<minutes_of_day> parse_minutes_of_day(std::string_view text);

// A time zone by IANA name, or nullptr when the tz database does not know it.
const date::time_zone* find_time_zone(std::string_view name);

// "2026-12-01T17:30:00+01:00": the instant written in the zone's wall time with its offset.
std::string format_rfc3339(sys_minutes instant, const date::time_zone& zone);

// Accepts RFC 3339 date-times with an offset or Z ("2026-12-01T17:30:00+01:00",
// "2026-12-01T16:30Z" is refused: seconds are required). Returns nullopt for anything else.
std::optional<sys_seconds> parse_rfc3339(std::string_view text);

// An instant in UTC through a strftime format, e.g. "%a, %d %b %Y %H:%M:%S +0000" for mail.
std::string format_utc(sys_seconds instant, const char* strftime_format);

// Accepts "YYYY-MM-DD" (a calendar date in no zone).
std::optional<date::year_month_day> parse_date(std::string_view text);

// The wall time of an instant in a zone.
local_minutes to_local(sys_minutes instant, const date::time_zone& zone);

// The instant of a wall time, or nullopt when that wall time does not exist (the hour the
// clocks skip in spring). A wall time that happens twice (autumn) is its first occurrence.
std::optional<sys_minutes> to_instant(local_minutes wall, const date::time_zone& zone);

}  // namespace samtal
