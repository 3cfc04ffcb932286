#include "service/store/statistics_store.hpp"

#include <array>
#include <unordered_map>

#include "service/store/follow_up_store.hpp"

namespace samtal {
namespace {

// One scan of the period's rows (of one offset from UTC), each row's counted values at once;
// the rows are grouped by those values here and each dimension is added up from the groups (a
// statement per dimension scanned the rows once each). The groups never leave this file: only
// each dimension's totals do. ?1 unit, ?2 from, ?3 to, ?4 the zone's offset in seconds, ?5
// evening_from in seconds after midnight. The interpreter is confirmed when the latest request
// to an agency is.
constexpr std::string_view k_counted_rows = R"sql(
    SELECT status, outcome, channel, platform,
           CASE language WHEN '' THEN 'none' ELSE language END,
           CASE WHEN interpreter = 1 THEN
                    CASE (SELECT r.status FROM interpreter_requests r
                          WHERE r.booking_id = bookings.id ORDER BY r.id DESC LIMIT 1)
                    WHEN 'confirmed' THEN 'interpreter_confirmed'
                    ELSE 'interpreter_not_confirmed' END
                WHEN interpreter_requested = 1 THEN 'advisor_spoke_it'
                ELSE 'not_asked' END,
           parent_role, site,
           CASE WHEN (start_at + ?4) % 86400 >= ?5 THEN 'evening' ELSE 'day' END
    FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3)sql";
constexpr int k_counted_columns = 9;
// Between the values in a group's key: no fixed-list value or configured id holds it.
constexpr char k_separator = '\x1f';

// The dimensions in the order of k_counted_rows' columns 2 to 8.
constexpr std::string_view k_group_dimensions[] = {
    "channel", "platform", "language", "interpreter", "parent_role", "site", "evening"};

constexpr std::string_view k_sum_days = R"sql(
    SELECT dimension, value, sum(count) FROM statistics_days
    WHERE unit = ? AND day BETWEEN ? AND ? GROUP BY 1, 2)sql";
constexpr std::string_view k_sum_months = R"sql(
    SELECT dimension, value, sum(count) FROM statistics_months
    WHERE unit = ? AND month BETWEEN ? AND ? GROUP BY 1, 2)sql";
constexpr std::string_view k_any_month = R"sql(
    SELECT 1 FROM statistics_months WHERE unit = ? AND month BETWEEN ? AND ? LIMIT 1)sql";
constexpr std::string_view k_add_day = R"sql(
    INSERT INTO statistics_days (unit, day, dimension, value, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (unit, day, dimension, value) DO UPDATE SET count = statistics_days.count + excluded.count)sql";
constexpr std::string_view k_last_end = R"sql(
    SELECT max(end_at) FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3)sql";
constexpr std::string_view k_oldest = "SELECT min(start_at) FROM bookings WHERE unit = ?";

// What refers to a booking goes first (no cascade on these), then the bookings themselves
// (their claims and sealed contacts cascade). ?1 unit, ?2 from, ?3 to.
constexpr std::string_view k_delete_rolled_up[] = {
    R"sql(DELETE FROM outbox WHERE booking_id IN (
        SELECT id FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3))sql",
    R"sql(DELETE FROM calendar_copies WHERE booking_id IN (
        SELECT id FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3))sql",
    R"sql(DELETE FROM hosted_meetings WHERE booking_id IN (
        SELECT id FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3))sql",
    R"sql(DELETE FROM dial_jobs WHERE booking_id IN (
        SELECT id FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3))sql",
    R"sql(DELETE FROM interpreter_requests WHERE booking_id IN (
        SELECT id FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3))sql",
    "DELETE FROM bookings WHERE unit = ?1 AND start_at >= ?2 AND start_at < ?3",
};

void bind_range(statement& statement, const std::string& unit, const instant_range& range) {
    statement.bind(1, unit);
    statement.bind(2, std::int64_t(range.from.time_since_epoch().count()));
    statement.bind(3, std::int64_t(range.to.time_since_epoch().count()));
}

void count_bookings(database::connection& db, const std::string& unit, const offset_span& span,
                    std::chrono::seconds evening_from, booking_counts& out) {
    auto rows = db.prepared(k_counted_rows);
    bind_range(*rows, unit, span.range);
    rows->bind(4, std::int64_t(span.offset.count()));
    rows->bind(5, std::int64_t(evening_from.count()));
    // Grouped in a hash table rather than by SQLite's GROUP BY, which sorts every row on nine
    // columns first: a year of rows takes a fraction of the time this way.
    std::unordered_map<std::string, std::int64_t> groups;
    std::string key;
    while (rows->executeStep()) {
        key.clear();
        for (int i = 0; i < k_counted_columns; ++i) {
            key += rows->getColumn(i).getString();
            key += k_separator;
        }
        ++groups[key];
    }
    for (const auto& [group, count] : groups) {
        std::array<std::string_view, k_counted_columns> values;
        std::string_view rest = group;
        for (auto& value : values) {
            auto end = rest.find(k_separator);
            value = rest.substr(0, end);
            rest.remove_prefix(end + 1);
        }
        out.bookings += count;
        if (values[1] == "held") out.held += count;
        if (values[1] == "not_reached") out.not_reached += count;
        if (values[0] == "cancelled") {
            out.cancelled += count;
            continue;
        }
        bool video = values[2] == "video";
        for (std::size_t i = 0; i < std::size(k_group_dimensions); ++i) {
            // A platform only means something for video.
            if (k_group_dimensions[i] == "platform" && !video) continue;
            out.by_dimension[std::string(k_group_dimensions[i])][std::string(values[2 + i])] +=
                count;
        }
    }
}

// Adds rolled-up rows (dimension, value, count) to `out`; dimension "total" holds the totals.
void add_rolled_up(statement& rows, booking_counts& out) {
    while (rows.executeStep()) {
        auto dimension = rows.getColumn(0).getString();
        auto value = rows.getColumn(1).getString();
        auto count = rows.getColumn(2).getInt64();
        if (dimension != "total")
            out.by_dimension[dimension][value] += count;
        else if (value == "bookings")
            out.bookings += count;
        else if (value == "held")
            out.held += count;
        else if (value == "not_reached")
            out.not_reached += count;
        else if (value == "cancelled")
            out.cancelled += count;
    }
}

}  // namespace

booking_counts statistics_store::period_counts(const period_question& question) {
    booking_counts out;
    db_.read([&](database::connection& db) {
        for (const auto& span : question.rows)
            count_bookings(db, question.unit, span, question.evening_from, out);
        auto days = db.prepared(k_sum_days);
        days->bind(1, question.unit);
        days->bind(2, question.first_day);
        days->bind(3, question.last_day);
        add_rolled_up(*days, out);
        if (question.first_month.empty()) return;
        auto months = db.prepared(k_sum_months);
        months->bind(1, question.unit);
        months->bind(2, question.first_month);
        months->bind(3, question.last_month);
        add_rolled_up(*months, out);
    });
    return out;
}

bool statistics_store::any_rolled_up(const std::string& unit, const std::string& first,
                                     const std::string& last) {
    bool any = false;
    db_.read([&](database::connection& db) {
        auto rows = db.prepared(k_any_month);
        rows->bind(1, unit);
        rows->bind(2, first);
        rows->bind(3, last);
        any = rows->executeStep();
    });
    return any;
}

feedback_counts statistics_store::feedback(const std::string& unit, const std::string& first_week,
                                           const std::string& last_week) {
    feedback_counts out;
    db_.read([&](database::connection& db) {
        out = count_follow_up_answers(db, unit, first_week, last_week);
    });
    return out;
}

std::optional<int> statistics_store::roll_up_day(const std::string& unit, const std::string& day,
                                                 const std::vector<offset_span>& rows,
                                                 std::chrono::seconds evening_from,
                                                 sys_seconds ended_by) {
    if (rows.empty()) return 0;
    instant_range whole{rows.front().range.from, rows.back().range.to};
    std::optional<int> rolled = 0;
    db_.write([&](database::connection& db) {
        auto last_end = db.prepared(k_last_end);
        bind_range(*last_end, unit, whole);
        if (!last_end->executeStep() || last_end->getColumn(0).isNull()) return;
        if (last_end->getColumn(0).getInt64() > ended_by.time_since_epoch().count()) {
            rolled = std::nullopt;
            return;
        }
        booking_counts counts;
        for (const auto& span : rows) count_bookings(db, unit, span, evening_from, counts);
        auto add = [&](const std::string& dimension, const std::string& value, std::int64_t count) {
            auto insert = db.prepared(k_add_day);
            insert->bind(1, unit);
            insert->bind(2, day);
            insert->bind(3, dimension);
            insert->bind(4, value);
            insert->bind(5, count);
            insert->exec();
        };
        add("total", "bookings", counts.bookings);
        add("total", "held", counts.held);
        add("total", "not_reached", counts.not_reached);
        add("total", "cancelled", counts.cancelled);
        for (const auto& [dimension, values] : counts.by_dimension)
            for (const auto& [value, count] : values) add(dimension, value, count);
        for (auto sql : k_delete_rolled_up) {
            auto remove = db.prepared(sql);
            bind_range(*remove, unit, whole);
            remove->exec();
        }
        rolled = int(counts.bookings);
    });
    if (rolled.value_or(0) > 0) db_.checkpoint_soon();
    return rolled;
}

std::optional<sys_seconds> statistics_store::oldest_booking(const std::string& unit) {
    std::optional<sys_seconds> oldest;
    db_.read([&](database::connection& db) {
        auto row = db.prepared(k_oldest);
        row->bind(1, unit);
        if (row->executeStep() && !row->getColumn(0).isNull())
            oldest = sys_seconds{std::chrono::seconds{row->getColumn(0).getInt64()}};
    });
    return oldest;
}

}  // namespace samtal
