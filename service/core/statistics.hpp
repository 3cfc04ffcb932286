// The unit's statistics: counts of conversations per period, one dimension at a time, never
// rows. Periods are months or ISO weeks of the unit's wall time, and a conversation belongs to
// the period its start falls in. Old booking rows are rolled up into monthly counts and then
// deleted (the purge does it); the statistics read the roll-up and the rows still kept.
//
// Small counts identify people: a count of 1 or 2 is reported as "<3" (k_smallest_shown), and
// where a dimension then hides just one value, the next smallest value is hidden as well, so
// that the hidden one cannot be worked out from the period's total.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/core/follow_up.hpp"
#include "service/core/result.hpp"
#include "service/core/unit.hpp"

namespace samtal {

inline constexpr std::int64_t k_smallest_shown = 3;
// The most periods one question may ask for.
inline constexpr std::size_t k_max_statistics_periods = 120;

// The dimensions every period reports, one at a time.
inline constexpr std::array<std::string_view, 6> k_statistics_dimensions{
    "channel", "platform", "language", "interpreter", "parent_role", "site"};

// How many of something per value ("phone" -> 12).
using counts_by_value = std::map<std::string, std::int64_t>;

// What a set of bookings adds up to. Totals count every booking of the period; dimensions
// (channel, platform, language, interpreter, parent_role, site) count those not cancelled.
struct booking_counts {
    std::int64_t bookings = 0;
    std::int64_t held = 0;
    std::int64_t not_reached = 0;
    std::int64_t cancelled = 0;
    std::map<std::string, counts_by_value> by_dimension;

    void add(const booking_counts& other);
    bool operator==(const booking_counts&) const = default;
};

// Per follow-up question (k_follow_up_questions), how many answered each value ("1".."5",
// "dont_know"); skipped questions count nowhere.
struct feedback_counts {
    std::map<std::string, counts_by_value> by_question;
};

// The half-open span of instants [from, to) of a period.
struct instant_range {
    sys_seconds from;
    sys_seconds to;
};

// The store's side (service/store/statistics_store implements it).
class statistics_repository {
public:
    virtual ~statistics_repository() = default;
    // The booking rows of `unit` that start in `range`.
    virtual booking_counts live_counts(const std::string& unit, const instant_range& range) = 0;
    // What the roll-up keeps for `unit` and `month` ("2026-11"); empty when nothing.
    virtual booking_counts rolled_up(const std::string& unit, const std::string& month) = 0;
    // Whether any month in ["first", "last"] of `unit` has been rolled up.
    virtual bool any_rolled_up(const std::string& unit, const std::string& first,
                               const std::string& last) = 0;
    // The follow-up answers of `unit` for the ISO weeks ["first", "last"] ("2026-W49").
    virtual feedback_counts feedback(const std::string& unit, const std::string& first_week,
                                     const std::string& last_week) = 0;
};

struct statistics_query {
    std::string from;  // "YYYY-MM-DD", in the period it falls in
    std::string to;    // "YYYY-MM-DD", inclusive
    std::string by;    // "month" (default) or "week"
};

// A count as shown: the number, or hidden because it is small.
struct shown_count {
    std::int64_t value = 0;
    bool hidden = false;
};
using shown_counts = std::map<std::string, shown_count>;

struct statistics_period {
    std::string name;  // "2026-11" or "2026-W49"
    date::year_month_day first_day;
    date::year_month_day last_day;
    shown_count bookings, held, not_reached, cancelled;
    std::map<std::string, shown_counts> by_dimension;
    std::map<std::string, shown_counts> feedback;  // by question
};

// The counts of a unit for the periods of `query`. Fails with invalid_input on "from", "to"
// or "by"; a weekly question that reaches into months already rolled up fails on "from" with
// "rolled_up" (the roll-up keeps months only).
result<std::vector<statistics_period>> unit_statistics(const unit_config& unit,
                                                       const statistics_query& query,
                                                       statistics_repository& store);

// The month ("2026-11") and its instants in the unit's zone.
std::string month_name(date::year_month month);
instant_range month_range(date::year_month month, const date::time_zone& zone);

// The months whose bookings may be rolled up at `now`: every month that ended at least
// `keep_months` whole months before the current month of `zone`, up to and including the
// last such month.
date::year_month last_month_to_roll_up(sys_seconds now, int keep_months,
                                       const date::time_zone& zone);

}  // namespace samtal
