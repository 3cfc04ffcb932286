#include "service/web/page_text.hpp"

#include <array>
#include <cstdio>

#include "service/i18n/messages.hpp"

namespace samtal {
namespace {

// date::weekday's C encoding: 0 is Sunday.
constexpr std::array<std::string_view, 7> k_weekday_keys{"sun", "mon", "tue", "wed",
                                                         "thu", "fri", "sat"};

}  // namespace

std::string name_of(const message_catalog& messages, std::string_view language,
                    std::string_view prefix, std::string_view id) {
    const auto& texts = messages.texts(language);
    auto found = texts.find(std::string(prefix) + "." + std::string(id));
    return found == texts.end() ? std::string(id) : found->second;
}

// "tisdag 1 december" (format.day) or "tisdag 1 december 2026" (format.date), as written
// mid-sentence.
std::string day_label(const message_catalog& messages, std::string_view language,
                      date::local_days day, std::string_view format_key) {
    date::year_month_day ymd{day};
    auto weekday = date::weekday{day}.c_encoding();
    return fill(
        messages.text(language, format_key),
        {{"weekday", messages.text(language, "weekday." + std::string(k_weekday_keys[weekday]))},
         {"day", std::to_string(static_cast<unsigned>(ymd.day()))},
         {"month",
          messages.text(language, "month." + std::to_string(static_cast<unsigned>(ymd.month())))},
         {"year", std::to_string(static_cast<int>(ymd.year()))}});
}

// "17:00".
std::string clock_time(minutes_of_day time) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", time.value / 60, time.value % 60);
    return text;
}

std::string clock_time(local_minutes wall) {
    return clock_time(minutes_of_day{int((wall - date::floor<date::days>(wall)).count())});
}

// "Tisdag 1 december 2026, kl. 17:00–17:45" in the unit's wall time, standing on its own.
std::string when_label(const message_catalog& messages, std::string_view language,
                       sys_minutes start, sys_minutes end, const date::time_zone& zone) {
    auto local_start = to_local(start, zone);
    return capitalised(
        fill(messages.text(language, "format.when"),
             {{"date",
               day_label(messages, language, date::floor<date::days>(local_start), "format.date")},
              {"start", clock_time(local_start)},
              {"end", clock_time(to_local(end, zone))}}),
        language);
}

// The hours a site is open, for the unit page: on each weekday (0 is Monday), the periods in

}  // namespace samtal
