// The statistics_months table, its one owner, and the counts the statistics read from the
// booking rows: the core's statistics_repository. Also the roll-up that turns booking rows
// older than the retention into monthly counts and deletes them (with their claims, outbox,
// calendar copies, hosted meetings, dial jobs and interpreter requests) in one transaction.
#pragma once

#include "service/core/statistics.hpp"
#include "service/store/database.hpp"

namespace samtal {

class statistics_store : public statistics_repository {
public:
    explicit statistics_store(database& db) : db_(db) {}

    booking_counts live_counts(const std::string& unit, const instant_range& range) override;
    booking_counts rolled_up(const std::string& unit, const std::string& month) override;
    bool any_rolled_up(const std::string& unit, const std::string& first,
                       const std::string& last) override;
    feedback_counts feedback(const std::string& unit, const std::string& first_week,
                             const std::string& last_week) override;

    // Adds the counts of `unit`'s bookings in `range` to `month` of the roll-up and deletes
    // those bookings and everything that refers to them. Returns how many bookings it rolled
    // up.
    int roll_up(const std::string& unit, const std::string& month, const instant_range& range);

    // The start of `unit`'s oldest booking row, if it has any.
    std::optional<sys_seconds> oldest_booking(const std::string& unit);

private:
    database& db_;
};

}  // namespace samtal
