// The unit's statistics: counts of conversations per period, one dimension at a time, never
// rows. Periods are ISO weeks, months or years of the unit's wall time, and a conversation
// belongs to the period its start falls in. Old booking rows are rolled up into counts per day
// of the unit's wall time and then deleted (the purge does it); the statistics read the rows
// still kept, the daily roll-up, and the monthly roll-up an earlier release kept (whole months,
// so a week that reaches into one of those is refused with "rolled_up").
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

// The dimensions every period reports, one at a time (the follow-up answers come apart, under
// "feedback"). "interpreter" is "not_asked", "advisor_spoke_it", "interpreter_confirmed" or
// "interpreter_not_confirmed"; "evening" is "evening" for a conversation that starts at or after
// the unit's evening_from, else "day".
inline constexpr std::array<std::string_view, 7> k_statistics_dimensions{
    "channel", "platform", "language", "interpreter", "parent_role", "site", "evening"};

// How many of something per value ("phone" -> 12).
using counts_by_value = std::map<std::string, std::int64_t>;

// What a set of bookings adds up to. Totals count every booking of the period; dimensions
// (k_statistics_dimensions) count those not cancelled.
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

// A stretch of instants in which the unit's zone keeps one offset from UTC.
struct offset_span {
    instant_range range;
    std::chrono::seconds offset;
};

// `range` cut where `zone` changes its offset (summer and winter time), so that a store can
// find each conversation's wall time of day as (start + offset) modulo a day.
std::vector<offset_span> offset_spans(const instant_range& range, const date::time_zone& zone);

// What one period of the statistics asks the store: every booking counted once, from exactly
// one of the rows still kept, the daily roll-up and the older monthly roll-up.
struct period_question {
    std::string unit;
    std::vector<offset_span> rows;      // the period's instants, cut by offset
    std::chrono::seconds evening_from;  // after local midnight
    std::string first_day, last_day;    // the daily roll-up: "2026-11-01" to "2026-11-30"
    // The monthly roll-up ("2026-01" to "2026-12"); empty for a period that is not made of
    // whole months.
    std::string first_month, last_month;
};

// The store's side (service/store/statistics_store implements it).
class statistics_repository {
public:
    virtual ~statistics_repository() = default;
    // The counts of one period, read in one transaction so that a roll-up running at the same
    // time neither loses a booking nor counts it twice.
    virtual booking_counts period_counts(const period_question& question) = 0;
    // Whether any month in ["first", "last"] of `unit` was rolled up as a whole month.
    virtual bool any_rolled_up(const std::string& unit, const std::string& first,
                               const std::string& last) = 0;
    // The follow-up answers of `unit` for the ISO weeks ["first", "last"] ("2026-W49").
    virtual feedback_counts feedback(const std::string& unit, const std::string& first_week,
                                     const std::string& last_week) = 0;
};

struct statistics_query {
    std::string from;  // "YYYY-MM-DD", in the period it falls in
    std::string to;    // "YYYY-MM-DD", inclusive
    std::string by;    // "month" (default), "week" or "year"
};

// A count as shown: the number, or hidden because it is small.
struct shown_count {
    std::int64_t value = 0;
    bool hidden = false;
};
using shown_counts = std::map<std::string, shown_count>;

struct statistics_period {
    std::string name;  // "2026-11", "2026-W49" or "2026"
    date::year_month_day first_day;
    date::year_month_day last_day;
    shown_count bookings, held, not_reached, cancelled;
    std::map<std::string, shown_counts> by_dimension;
    std::map<std::string, shown_counts> feedback;  // by question
};

// The counts of a unit for the periods of `query`. Fails with invalid_input on "from", "to"
// or "by"; a weekly question that reaches into months an earlier release rolled up as whole
// months fails on "from" with "rolled_up".
result<std::vector<statistics_period>> unit_statistics(const unit_config& unit,
                                                       const statistics_query& query,
                                                       statistics_repository& store);

// The periods as CSV (RFC 4180, CRLF): the header "period,from,to,dimension,value,count" and
// one row per period, dimension and value, in the JSON's order: the totals as dimension
// "total", then each dimension, then the follow-up answers as "feedback.<question>". Hidden
// counts are "<3", as in the JSON.
std::string statistics_csv_text(const std::vector<statistics_period>& periods);

// The day ("2026-11-05") and its instants in the unit's zone.
std::string day_name(date::sys_days day);
instant_range day_range(date::sys_days day, const date::time_zone& zone);
// The day of the unit's wall time an instant falls on.
date::sys_days local_day_of(sys_seconds instant, const date::time_zone& zone);

}  // namespace samtal
