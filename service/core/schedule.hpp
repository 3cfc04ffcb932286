// Free times: the start times at which at least one advisor works, is not absent and is not
// already in a conversation (or its buffer), computed in the unit's wall time so that they
// stay right across daylight-saving changes.
#pragma once

#include <vector>

#include "service/core/advisor_roster.hpp"
#include "service/core/booking.hpp"
#include "service/core/unit.hpp"

namespace samtal {

struct slot {
    sys_minutes start;
    sys_minutes end;
    bool evening = false;                         // starts at or after the unit's evening_from
    std::vector<const advisor_config*> advisors;  // free at this time, in the unit's order
};

// Which instants a parent may book at `now`: from the minimum notice to the end of the last
// day of the booking horizon.
struct booking_window {
    sys_minutes earliest;
    sys_minutes latest;  // exclusive
};
booking_window window_at(const unit_config& unit, const date::time_zone& zone, sys_seconds now);

// Free slots starting in [from, to), restricted to the booking window, among the unit's
// `advisors` who are not retired. `busy` are the unit's booked conversations that may touch
// the range.
std::vector<slot> free_slots(const unit_config& unit, const advisor_list& advisors,
                             const date::time_zone& zone, sys_minutes from, sys_minutes to,
                             const booking_window& window, const std::vector<busy_period>& busy);

// The order in which to offer a slot's advisors a booking: those who speak `language` first,
// then (for a handover) those at `site`, then the one with the fewest conversations that day,
// then the unit's order.
std::vector<const advisor_config*> assignment_order(const slot& free, std::string_view language,
                                                    const std::vector<busy_period>& busy_that_day,
                                                    std::string_view site = {});

// Whether the advisor, not retired, works all of [start, end) by their weekly hours and is not
// away then: whether they can hold a conversation at that time, busy or not.
bool works_at(const advisor_config& advisor, const date::time_zone& zone, sys_minutes start,
              sys_minutes end);

// True when an advisor free at the slot speaks the language.
bool speaker_free(const slot& free, std::string_view language);

}  // namespace samtal
