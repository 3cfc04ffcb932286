#include "service/core/statistics.hpp"

#include <date/iso_week.h>

#include <algorithm>
#include <cstdio>

namespace samtal {
namespace {

using date::days;

shown_count shown(std::int64_t value) { return {value, value > 0 && value < k_smallest_shown}; }

// One dimension's values as shown: small ones hidden, and a second one hidden beside a lone
// hidden value, so the period's total minus the rest does not give it away.
shown_counts shown_dimension(const counts_by_value& counts) {
    shown_counts out;
    for (const auto& [value, count] : counts)
        if (count > 0) out[value] = shown(count);
    auto hidden =
        std::count_if(out.begin(), out.end(), [](const auto& e) { return e.second.hidden; });
    if (hidden != 1) return out;
    shown_count* smallest = nullptr;
    for (auto& [value, count] : out)
        if (!count.hidden && (!smallest || count.value < smallest->value)) smallest = &count;
    if (smallest) smallest->hidden = true;
    return out;
}

sys_seconds start_of_day(date::local_days day, const date::time_zone& zone) {
    // Midnight exists in every zone samtal serves; where it did not, 01:00 would be the start.
    auto wall = local_minutes{day.time_since_epoch()};
    auto instant = to_instant(wall, zone);
    if (!instant) instant = to_instant(wall + std::chrono::hours{1}, zone);
    return sys_seconds{instant.value_or(sys_minutes{wall.time_since_epoch()})};
}

std::string week_name(iso_week::year_weeknum week) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-W%02u", int(week.year()), unsigned(week.weeknum()));
    return text;
}

iso_week::year_weeknum week_of(date::sys_days day) {
    iso_week::year_weeknum_weekday week{day};
    return {week.year(), week.weeknum()};
}

// A month's follow-up answers are those of the ISO weeks whose Thursday falls in it, as ISO
// assigns weeks to years.
std::pair<std::string, std::string> weeks_of_month(date::year_month month) {
    date::sys_days first{month / date::Thursday[1]};
    date::sys_days last{month / date::Thursday[date::last]};
    return {week_name(week_of(first)), week_name(week_of(last))};
}

statistics_period period_of(std::string name, date::sys_days first, date::sys_days last,
                            const booking_counts& bookings, const feedback_counts& feedback) {
    statistics_period out;
    out.name = std::move(name);
    out.first_day = first;
    out.last_day = last;
    out.bookings = shown(bookings.bookings);
    out.held = shown(bookings.held);
    out.not_reached = shown(bookings.not_reached);
    out.cancelled = shown(bookings.cancelled);
    for (const auto& [dimension, counts] : bookings.by_dimension)
        out.by_dimension[dimension] = shown_dimension(counts);
    for (auto question : k_follow_up_questions) {
        auto found = feedback.by_question.find(std::string(question));
        out.feedback[std::string(question)] =
            found == feedback.by_question.end() ? shown_counts{} : shown_dimension(found->second);
    }
    return out;
}

}  // namespace

void booking_counts::add(const booking_counts& other) {
    bookings += other.bookings;
    held += other.held;
    not_reached += other.not_reached;
    cancelled += other.cancelled;
    for (const auto& [dimension, counts] : other.by_dimension)
        for (const auto& [value, count] : counts) by_dimension[dimension][value] += count;
}

std::string month_name(date::year_month month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u", int(month.year()), unsigned(month.month()));
    return text;
}

instant_range month_range(date::year_month month, const date::time_zone& zone) {
    auto next = month + date::months{1};
    return {start_of_day(date::local_days{month / 1}, zone),
            start_of_day(date::local_days{next / 1}, zone)};
}

date::year_month last_month_to_roll_up(sys_seconds now, int keep_months,
                                       const date::time_zone& zone) {
    auto today = date::year_month_day{
        date::floor<days>(to_local(date::floor<std::chrono::minutes>(now), zone))};
    return date::year_month{today.year(), today.month()} - date::months{keep_months + 1};
}

result<std::vector<statistics_period>> unit_statistics(const unit_config& unit,
                                                       const statistics_query& query,
                                                       statistics_repository& store) {
    std::vector<field_error> errors;
    auto from = parse_date(query.from);
    auto to = parse_date(query.to);
    if (!from) errors.push_back({"from", query.from.empty() ? "required" : "invalid_date"});
    if (!to) errors.push_back({"to", query.to.empty() ? "required" : "invalid_date"});
    auto by = query.by.empty() ? std::string("month") : query.by;
    if (by != "month" && by != "week") errors.push_back({"by", "invalid_choice"});
    if (from && to && date::sys_days{*to} < date::sys_days{*from})
        errors.push_back({"to", "invalid_range"});
    if (!errors.empty()) return failure::invalid(std::move(errors));
    const auto* zone = find_time_zone(unit.time_zone);
    if (!zone) return failure{failure_kind::unavailable, {}};

    std::vector<statistics_period> periods;
    if (by == "month") {
        date::year_month first{from->year(), from->month()};
        date::year_month last{to->year(), to->month()};
        if ((last - first).count() >= std::int64_t(k_max_statistics_periods))
            return failure::invalid("to", "invalid_range");
        for (auto month = first; month <= last; month += date::months{1}) {
            auto counts = store.live_counts(unit.id, month_range(month, *zone));
            counts.add(store.rolled_up(unit.id, month_name(month)));
            auto [first_week, last_week] = weeks_of_month(month);
            periods.push_back(period_of(month_name(month), date::sys_days{month / 1},
                                        date::sys_days{month / date::last}, counts,
                                        store.feedback(unit.id, first_week, last_week)));
        }
        return periods;
    }
    auto monday = [](date::sys_days day) { return day - (date::weekday{day} - date::Monday); };
    auto first = monday(date::sys_days{*from});
    auto last = monday(date::sys_days{*to});
    if ((last - first).count() / 7 >= std::int64_t(k_max_statistics_periods))
        return failure::invalid("to", "invalid_range");
    auto month_of = [](date::sys_days day) {
        date::year_month_day ymd{day};
        return month_name({ymd.year(), ymd.month()});
    };
    // Rolled-up months keep no weeks: those weeks cannot be told apart any more.
    if (store.any_rolled_up(unit.id, month_of(first), month_of(last + days{6})))
        return failure::invalid("from", "rolled_up");
    for (auto week = first; week <= last; week += days{7}) {
        auto name = week_name(week_of(week));
        auto counts = store.live_counts(
            unit.id, {start_of_day(date::local_days{week.time_since_epoch()}, *zone),
                      start_of_day(date::local_days{(week + days{7}).time_since_epoch()}, *zone)});
        periods.push_back(
            period_of(name, week, week + days{6}, counts, store.feedback(unit.id, name, name)));
    }
    return periods;
}

}  // namespace samtal
