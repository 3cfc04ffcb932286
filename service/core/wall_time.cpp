#include "service/core/wall_time.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace samtal {
namespace {

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

std::optional<minutes_of_day> parse_minutes_of_day(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    auto hours = digits(text, 0, 2);
    auto minutes = digits(text, 3, 2);
    if (!hours || !minutes || *minutes >= 60 || *hours > 24) return std::nullopt;
    if (*hours == 24 && *minutes != 0) return std::nullopt;
    return minutes_of_day{*hours * 60 + *minutes};
}

const date::time_zone* find_time_zone(std::string_view name) {
    try {
        return date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

std::string format_rfc3339(sys_minutes instant, const date::time_zone& zone) {
    auto info = zone.get_info(instant);
    auto wall = instant + info.offset;
    auto day = date::floor<date::days>(wall);
    date::year_month_day ymd{day};
    date::hh_mm_ss time{wall - day};
    auto offset = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
    char sign = offset < 0 ? '-' : '+';
    if (offset < 0) offset = -offset;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:00%c%02d:%02d", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(time.hours().count()),
                  int(time.minutes().count()), sign, int(offset / 60), int(offset % 60));
    return text;
}

std::optional<sys_seconds> parse_rfc3339(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
        (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t first = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == first) return std::nullopt;
    }
    if (pos >= text.size()) return std::nullopt;
    std::chrono::minutes offset{0};
    if (text[pos] == 'Z' || text[pos] == 'z') {
        if (pos + 1 != text.size()) return std::nullopt;
    } else if (text[pos] == '+' || text[pos] == '-') {
        if (pos + 6 != text.size() || text[pos + 3] != ':') return std::nullopt;
        auto off_h = digits(text, pos + 1, 2), off_m = digits(text, pos + 4, 2);
        if (!off_h || !off_m || *off_h > 23 || *off_m > 59) return std::nullopt;
        offset = std::chrono::minutes{*off_h * 60 + *off_m};
        if (text[pos] == '-') offset = -offset;
    } else {
        return std::nullopt;
    }
    date::year_month_day ymd{date::year{*year}, date::month(unsigned(*month)),
                             date::day(unsigned(*day))};
    if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
    auto local = date::sys_days{ymd} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
                 std::chrono::seconds{*second};
    return sys_seconds{local - offset};
}

std::string format_utc(sys_seconds instant, const char* strftime_format) {
    auto seconds = std::chrono::system_clock::to_time_t(instant);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    auto length = std::strftime(text, sizeof text, strftime_format, &utc);
    return std::string(text, length);
}

std::optional<date::year_month_day> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    if (!year || !month || !day) return std::nullopt;
    date::year_month_day ymd{date::year{*year}, date::month(unsigned(*month)),
                             date::day(unsigned(*day))};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

local_minutes to_local(sys_minutes instant, const date::time_zone& zone) {
    return date::floor<std::chrono::minutes>(zone.to_local(instant));
}

std::optional<sys_minutes> to_instant(local_minutes wall, const date::time_zone& zone) {
    auto info = zone.get_info(wall);
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:
            return date::floor<std::chrono::minutes>(sys_minutes{wall.time_since_epoch()} -
                                                     info.first.offset);
        case date::local_info::nonexistent:
        default:
            return std::nullopt;
    }
}

}  // namespace samtal
