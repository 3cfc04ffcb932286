#include "service/store/periodic_runs.hpp"

namespace samtal {
namespace {

// Returns the row only when it was inserted or moved on to a later period: the writes follow
// each other (on PostgreSQL under the store's write lock), so exactly one caller sees it.
constexpr std::string_view k_start = R"sql(
    INSERT INTO periodic_runs (task, period) VALUES (?, ?)
    ON CONFLICT (task) DO UPDATE SET period = excluded.period
    WHERE periodic_runs.period < excluded.period
    RETURNING period)sql";

}  // namespace

bool periodic_runs::start(const std::string& task, std::int64_t period) {
    bool started = false;
    db_.write([&](database::connection& db) {
        auto start = db.prepared(k_start);
        start->bind(1, task);
        start->bind(2, period);
        started = start->exec_returning_id().has_value();
    });
    return started;
}

}  // namespace samtal
