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

std::string month_name(date::year_month month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u", int(month.year()), unsigned(month.month()));
    return text;
}

// A month's follow-up answers are those of the ISO weeks whose Thursday falls in it, as ISO
// assigns weeks to years; a year's are its ISO weeks.
std::pair<std::string, std::string> weeks_of(date::year_month first, date::year_month last) {
    date::sys_days first_thursday{first / date::Thursday[1]};
    date::sys_days last_thursday{last / date::Thursday[date::last]};
    return {week_name(week_of(first_thursday)), week_name(week_of(last_thursday))};
}

// What the store is asked for the days [first, last]. `whole_months` when the period is made
// of whole months, which then include the older monthly roll-up.
period_question question_of(const unit_config& unit, const date::time_zone& zone,
                            date::sys_days first, date::sys_days last, bool whole_months) {
    period_question out;
    out.unit = unit.id;
    out.rows = offset_spans({day_range(first, zone).from, day_range(last, zone).to}, zone);
    out.evening_from = std::chrono::minutes{unit.evening_from.value};
    out.first_day = day_name(first);
    out.last_day = day_name(last);
    if (whole_months) {
        date::year_month_day a{first}, b{last};
        out.first_month = month_name({a.year(), a.month()});
        out.last_month = month_name({b.year(), b.month()});
    }
    return out;
}
// A count as the CSV shows it: the same as the JSON, "<3" when hidden.
std::string count_text(const shown_count& count) {
    return count.hidden ? "<" + std::to_string(k_smallest_shown) : std::to_string(count.value);
}

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. The values
// come from fixed lists and the configuration, but a site id is the operator's text.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
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

std::string day_name(date::sys_days day) { return date::format("%F", day); }

instant_range day_range(date::sys_days day, const date::time_zone& zone) {
    return {start_of_day(date::local_days{day.time_since_epoch()}, zone),
            start_of_day(date::local_days{(day + days{1}).time_since_epoch()}, zone)};
}

date::sys_days local_day_of(sys_seconds instant, const date::time_zone& zone) {
    auto local = to_local(date::floor<std::chrono::minutes>(instant), zone);
    return date::sys_days{date::floor<days>(local).time_since_epoch()};
}

std::vector<offset_span> offset_spans(const instant_range& range, const date::time_zone& zone) {
    std::vector<offset_span> out;
    for (auto from = range.from; from < range.to;) {
        auto info = zone.get_info(from);
        auto to = std::min(range.to, sys_seconds{info.end});
        out.push_back({{from, to}, info.offset});
        from = to;
    }
    return out;
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
    if (by != "month" && by != "week" && by != "year") errors.push_back({"by", "invalid_choice"});
    if (from && to && date::sys_days{*to} < date::sys_days{*from})
        errors.push_back({"to", "invalid_range"});
    if (!errors.empty()) return failure::invalid(std::move(errors));
    const auto* zone = find_time_zone(unit.time_zone);
    if (!zone) return failure{failure_kind::unavailable, {}};

    // Each period as its name, its first and last day, and its follow-up weeks.
    struct span {
        std::string name;
        date::sys_days first, last;
        std::pair<std::string, std::string> weeks;
    };
    std::vector<span> spans;
    if (by == "week") {
        auto monday = [](date::sys_days day) { return day - (date::weekday{day} - date::Monday); };
        auto first = monday(date::sys_days{*from});
        auto last = monday(date::sys_days{*to});
        if ((last - first).count() / 7 >= std::int64_t(k_max_statistics_periods))
            return failure::invalid("to", "invalid_range");
        auto month_of = [](date::sys_days day) {
            date::year_month_day ymd{day};
            return month_name({ymd.year(), ymd.month()});
        };
        // Months rolled up as whole months keep no weeks: those cannot be told apart any more.
        if (store.any_rolled_up(unit.id, month_of(first), month_of(last + days{6})))
            return failure::invalid("from", "rolled_up");
        for (auto week = first; week <= last; week += days{7}) {
            auto name = week_name(week_of(week));
            spans.push_back({name, week, week + days{6}, {name, name}});
        }
    } else if (by == "month") {
        date::year_month first{from->year(), from->month()};
        date::year_month last{to->year(), to->month()};
        if ((last - first).count() >= std::int64_t(k_max_statistics_periods))
            return failure::invalid("to", "invalid_range");
        for (auto month = first; month <= last; month += date::months{1})
            spans.push_back({month_name(month), date::sys_days{month / 1},
                             date::sys_days{month / date::last}, weeks_of(month, month)});
    } else {
        if ((to->year() - from->year()).count() >= std::int64_t(k_max_statistics_periods))
            return failure::invalid("to", "invalid_range");
        for (auto year = from->year(); year <= to->year(); ++year)
            spans.push_back({std::to_string(int(year)), date::sys_days{year / 1 / 1},
                             date::sys_days{year / 12 / 31},
                             weeks_of(year / date::January, year / date::December)});
    }
    std::vector<statistics_period> periods;
    for (const auto& s : spans) {
        auto counts = store.period_counts(question_of(unit, *zone, s.first, s.last, by != "week"));
        periods.push_back(period_of(s.name, s.first, s.last, counts,
                                    store.feedback(unit.id, s.weeks.first, s.weeks.second)));
    }
    return periods;
}

// One row per period, dimension and value, in the JSON's order: the totals as dimension
// "total", then each dimension, then the follow-up answers as "feedback.<question>".
std::string statistics_csv_text(const std::vector<statistics_period>& periods) {
    std::string out = "period,from,to,dimension,value,count\r\n";
    for (const auto& period : periods) {
        auto row = [&](std::string_view dimension, std::string_view value,
                       const shown_count& count) {
            out += csv_field(period.name) + "," + date::format("%F", period.first_day) + "," +
                   date::format("%F", period.last_day) + "," + csv_field(dimension) + "," +
                   csv_field(value) + "," + count_text(count) + "\r\n";
        };
        row("total", "bookings", period.bookings);
        row("total", "held", period.held);
        row("total", "not_reached", period.not_reached);
        row("total", "cancelled", period.cancelled);
        for (auto dimension : k_statistics_dimensions) {
            auto found = period.by_dimension.find(std::string(dimension));
            if (found == period.by_dimension.end()) continue;
            for (const auto& [value, count] : found->second) row(dimension, value, count);
        }
        for (const auto& [question, counts] : period.feedback)
            for (const auto& [value, count] : counts) row("feedback." + question, value, count);
    }
    return out;
}

}  // namespace samtal
