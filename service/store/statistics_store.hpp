// The statistics_days and statistics_months tables, their one owner, and the counts the
// statistics read from the booking rows: the core's statistics_repository. Also the roll-up
// that turns one day's booking rows, once they are older than the retention, into counts for
// that day and deletes them (with their claims, outbox, calendar copies, hosted meetings, dial
// jobs and interpreter requests) in one transaction.
#pragma once

#include <optional>

#include "service/core/statistics.hpp"
#include "service/store/database.hpp"

namespace samtal {

class statistics_store : public statistics_repository {
public:
    explicit statistics_store(database& db) : db_(db) {}

    booking_counts period_counts(const period_question& question) override;
    bool any_rolled_up(const std::string& unit, const std::string& first,
                       const std::string& last) override;
    feedback_counts feedback(const std::string& unit, const std::string& first_week,
                             const std::string& last_week) override;

    // Adds the counts of `unit`'s bookings that start on `day` ("2026-11-05"; its instants cut
    // by offset in `rows`) to that day of the roll-up and deletes those bookings and everything
    // that refers to them, if every one of them ended at or before `ended_by`. Returns how many
    // bookings it rolled up, or nullopt when some of them are not old enough yet.
    std::optional<int> roll_up_day(const std::string& unit, const std::string& day,
                                   const std::vector<offset_span>& rows,
                                   std::chrono::seconds evening_from, sys_seconds ended_by);

    // The start of `unit`'s oldest booking row, if it has any.
    std::optional<sys_seconds> oldest_booking(const std::string& unit);

private:
    database& db_;
};

}  // namespace samtal
