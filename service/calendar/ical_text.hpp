// What samtal's calendar files have in common, built with libical: a VCALENDAR with one
// VEVENT, times in UTC, serialised to text.
#pragma once

#include <libical/ical.h>

#include <string>

#include "service/core/wall_time.hpp"

namespace samtal {

// UTC times (DTSTART:20261201T163000Z) need no VTIMEZONE: every client (Outlook, Apple,
// Thunderbird, Google) shows them in its own zone, and no VTIMEZONE can disagree with the
// client's tz database around a daylight-saving change.
icaltimetype utc_time(sys_seconds instant);

// A VCALENDAR with the given METHOD around `event` (which it takes over), as text.
std::string calendar_text(icalproperty_method method, icalcomponent* event);

}  // namespace samtal
