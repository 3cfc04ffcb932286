// Words, dates and times as the pages write them, in the page language.
#pragma once

#include <string>
#include <string_view>

#include "service/core/wall_time.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {

// The text for "<prefix>.<id>" ("topic.sleep"), or the id itself when no catalogue names it
// (a unit may configure a topic or a language before its translations exist).
std::string name_of(const message_catalog& messages, std::string_view language,
                    std::string_view prefix, std::string_view id);

// "tisdag 1 december" (format.day) or "tisdag 1 december 2026" (format.date), as written
// mid-sentence.
std::string day_label(const message_catalog& messages, std::string_view language,
                      date::local_days day, std::string_view format_key);

// "17:00".
std::string clock_time(minutes_of_day time);
std::string clock_time(local_minutes wall);

// "Tisdag 1 december 2026, kl. 17:00–17:45" in the unit's wall time, standing on its own.
std::string when_label(const message_catalog& messages, std::string_view language,
                       sys_minutes start, sys_minutes end, const date::time_zone& zone);

}  // namespace samtal
