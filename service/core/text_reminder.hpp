// The text-message reminder the day before a phone conversation, for a parent who asked for
// one. It goes at the unit's reminder time (18:00 by default, the unit's wall time) on the day
// before the conversation: a fixed, predictable moment at which people are awake, whatever the
// time of the conversation. A booking made or moved after that moment gets none: the parent
// has just seen the time on the confirmation page, and a text at once would only repeat it.
// The text says when, the unit's name and where to change or cancel, nothing else: no code,
// no advisor, no topic (outbox/text_reminder_sender.cpp composes it when it is sent).
#pragma once

#include <optional>

#include "service/core/booking.hpp"
#include "service/core/unit.hpp"

namespace samtal {

// Whether a parent booking a phone conversation with the unit may ask for a reminder: only
// where the unit has a telephony provider to send it through.
inline bool offers_text_reminders(const unit_config& unit) {
    return unit.telephony.has_value() && unit.offers_channel("phone");
}

struct text_reminder_plan {
    sys_minutes at;         // when it goes
    bool too_late = false;  // that moment had passed when the booking was made or moved
};

// The wall time `at` on the day before `start`, in `zone`; in the hour the clocks skip, an
// hour later.
sys_minutes day_before_at(sys_minutes start, minutes_of_day at, const date::time_zone& zone);

// When the reminder of `booking` as it now is goes, as of `now`; nullopt when it gets none:
// the parent did not ask, it is cancelled or not by phone, or `unit` (the booking's, nullptr
// when gone) sends no reminders.
std::optional<text_reminder_plan> plan_text_reminder(const unit_config* unit,
                                                     const booking_record& booking,
                                                     sys_seconds now);

}  // namespace samtal
