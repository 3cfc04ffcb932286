#include "service/store/statistics_store.hpp"

#include "service/store/follow_up_store.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_totals = R"sql(
    SELECT count(*), coalesce(sum(outcome = 'held'), 0), coalesce(sum(outcome = 'not_reached'), 0),
           coalesce(sum(status = 'cancelled'), 0)
    FROM bookings WHERE unit = ? AND start_at >= ? AND start_at < ?)sql";

// One statement per dimension over the bookings not cancelled; the expressions are fixed here.
struct dimension_query {
    std::string_view dimension;
    std::string_view sql;
};
constexpr dimension_query k_dimensions[] = {
    {"channel", R"sql(SELECT channel, count(*) FROM bookings
        WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked'
        GROUP BY 1)sql"},
    {"platform", R"sql(SELECT platform, count(*) FROM bookings
        WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked'
        AND channel = 'video' GROUP BY 1)sql"},
    {"language", R"sql(SELECT CASE language WHEN '' THEN 'none' ELSE language END, count(*)
        FROM bookings WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked'
        GROUP BY 1)sql"},
    {"interpreter", R"sql(SELECT CASE WHEN interpreter = 1 THEN 'interpreter'
                     WHEN interpreter_requested = 1 THEN 'advisor_spoke_it'
                     ELSE 'not_asked' END, count(*)
        FROM bookings WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked'
        GROUP BY 1)sql"},
    {"parent_role", R"sql(SELECT parent_role, count(*) FROM bookings
        WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked'
        GROUP BY 1)sql"},
    {"site", R"sql(SELECT site, count(*) FROM bookings
        WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked'
        GROUP BY 1)sql"},
};

constexpr std::string_view k_select_month =
    "SELECT dimension, value, count FROM statistics_months WHERE unit = ? AND month = ?";
constexpr std::string_view k_any_month = R"sql(
    SELECT 1 FROM statistics_months WHERE unit = ? AND month BETWEEN ? AND ? LIMIT 1)sql";
constexpr std::string_view k_add_month = R"sql(
    INSERT INTO statistics_months (unit, month, dimension, value, count) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (unit, month, dimension, value) DO UPDATE SET count = count + excluded.count)sql";
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

void bind_range(SQLite::Statement& statement, const std::string& unit, const instant_range& range) {
    statement.bind(1, unit);
    statement.bind(2, std::int64_t(range.from.time_since_epoch().count()));
    statement.bind(3, std::int64_t(range.to.time_since_epoch().count()));
}

booking_counts count_bookings(database::connection& db, const std::string& unit,
                              const instant_range& range) {
    booking_counts out;
    auto totals = db.prepared(k_totals);
    bind_range(*totals, unit, range);
    if (totals->executeStep()) {
        out.bookings = totals->getColumn(0).getInt64();
        out.held = totals->getColumn(1).getInt64();
        out.not_reached = totals->getColumn(2).getInt64();
        out.cancelled = totals->getColumn(3).getInt64();
    }
    if (out.bookings == 0) return out;
    for (const auto& [dimension, sql] : k_dimensions) {
        auto rows = db.prepared(sql);
        bind_range(*rows, unit, range);
        auto& counts = out.by_dimension[std::string(dimension)];
        while (rows->executeStep())
            counts[rows->getColumn(0).getString()] = rows->getColumn(1).getInt64();
    }
    return out;
}

}  // namespace

booking_counts statistics_store::live_counts(const std::string& unit, const instant_range& range) {
    booking_counts out;
    db_.read([&](database::connection& db) { out = count_bookings(db, unit, range); });
    return out;
}

booking_counts statistics_store::rolled_up(const std::string& unit, const std::string& month) {
    booking_counts out;
    db_.read([&](database::connection& db) {
        auto rows = db.prepared(k_select_month);
        rows->bind(1, unit);
        rows->bind(2, month);
        while (rows->executeStep()) {
            auto dimension = rows->getColumn(0).getString();
            auto value = rows->getColumn(1).getString();
            auto count = rows->getColumn(2).getInt64();
            if (dimension != "total")
                out.by_dimension[dimension][value] = count;
            else if (value == "bookings")
                out.bookings = count;
            else if (value == "held")
                out.held = count;
            else if (value == "not_reached")
                out.not_reached = count;
            else if (value == "cancelled")
                out.cancelled = count;
        }
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

int statistics_store::roll_up(const std::string& unit, const std::string& month,
                              const instant_range& range) {
    int rolled = 0;
    db_.write([&](database::connection& db) {
        auto counts = count_bookings(db, unit, range);
        if (counts.bookings == 0) return;
        auto add = [&](const std::string& dimension, const std::string& value, std::int64_t count) {
            auto insert = db.prepared(k_add_month);
            insert->bind(1, unit);
            insert->bind(2, month);
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
            bind_range(*remove, unit, range);
            remove->exec();
        }
        rolled = int(counts.bookings);
    });
    if (rolled > 0) db_.checkpoint_soon();
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
