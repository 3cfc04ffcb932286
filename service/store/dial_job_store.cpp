#include "service/store/dial_job_store.hpp"

#include <algorithm>
#include <utility>

#include "service/privacy/secret_key.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/sealed_contacts.hpp"

namespace samtal {
namespace {

// A move starts the job over: nobody has been called for the new time.
constexpr std::string_view k_plan = R"sql(
    INSERT INTO dial_jobs (booking_id, conference, due_at) VALUES (?, ?, ?)
    ON CONFLICT (booking_id) DO UPDATE SET
        due_at = excluded.due_at, status = 'pending', attempts = 0, dialled = '', last_error = '',
        lease_holder = '', lease_until = 0)sql";

constexpr std::string_view k_drop = "DELETE FROM dial_jobs WHERE booking_id = ?";

constexpr std::string_view k_columns =
    "booking_id, conference, due_at, status, attempts, dialled, last_error";

constexpr std::string_view k_due = R"sql(
    WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, booking_id LIMIT ?)sql";

constexpr leased_table k_leased{"dial_jobs",
                                "booking_id",
                                k_columns,
                                "status = 'pending' AND due_at <= ?1",
                                "due_at, booking_id",
                                "attempts = attempts + 1",
                                "attempts = attempts - 1"};

constexpr std::string_view k_record = R"sql(
    UPDATE dial_jobs SET status = ?, dialled = ?, due_at = ?, last_error = ?
    WHERE booking_id = ? AND attempts = ?)sql";

constexpr std::string_view k_problems = R"sql(
    WHERE status = 'dead' OR (status = 'pending' AND last_error != '')
    ORDER BY due_at DESC, booking_id DESC LIMIT ?)sql";

// Kept by triggers (007_status_counts.sql): counting the table would grow with history.
constexpr std::string_view k_counts =
    "SELECT status, count FROM status_counts WHERE table_name = 'dial_jobs'";

std::string select(std::string_view where) {
    return "SELECT " + std::string(k_columns) + " FROM dial_jobs " + std::string(where);
}

dial_job read_job(statement& row) {
    return {row.getColumn(0).getInt64(),  row.getColumn(1).getString(),
            row.getColumn(2).getInt64(),  row.getColumn(3).getString(),
            row.getColumn(4).getInt(),    row.getColumn(5).getString(),
            row.getColumn(6).getString(), ""};
}

std::vector<dial_job> read_jobs(statement& query) {
    std::vector<dial_job> jobs;
    while (query.executeStep()) jobs.push_back(read_job(query));
    return jobs;
}

}  // namespace

bool dial_job::has_dialled(std::string_view role) const {
    std::string_view rest = dialled;
    while (!rest.empty()) {
        auto space = rest.find(' ');
        if (rest.substr(0, space) == role) return true;
        rest = space == std::string_view::npos ? "" : rest.substr(space + 1);
    }
    return false;
}

void plan_dial_job(database::connection& db, const booking_record& booking, bool dial) {
    if (!dial) {
        auto drop = db.prepared(k_drop);
        drop->bind(1, booking.id);
        drop->exec();
        return;
    }
    auto plan = db.prepared(k_plan);
    plan->bind(1, booking.id);
    plan->bind(2, random_hex(16));
    plan->bind(3, unix_seconds(booking.start) * 1000);
    plan->exec();
}

dial_job_store::dial_job_store(database& db) : db_(db), leases_(db, k_leased) {}

std::vector<dial_job> dial_job_store::due(std::int64_t now_ms, int limit) {
    std::vector<dial_job> jobs;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(select(k_due));
        query->bind(1, now_ms);
        query->bind(2, limit);
        jobs = read_jobs(*query);
    });
    return jobs;
}

std::vector<dial_job> dial_job_store::claim_due(std::int64_t now_ms, int limit,
                                                std::chrono::milliseconds lease) {
    std::vector<dial_job> claimed;
    auto holder = leases_.claim(now_ms, limit, lease,
                                [&](statement& row) { claimed.push_back(read_job(row)); });
    for (auto& job : claimed) job.lease = holder;
    std::ranges::sort(claimed, {},
                      [](const dial_job& job) { return std::pair(job.due_at_ms, job.booking_id); });
    return claimed;
}

std::optional<dial_job_store::dial_context> dial_job_store::context(std::int64_t booking_id) {
    std::optional<dial_context> found;
    db_.read([&](database::connection& db) {
        auto booking = find_booking_by_id(db, booking_id);
        if (booking) found = dial_context{*booking, read_sealed_contact(db, booking_id)};
    });
    return found;
}

void dial_job_store::record(const dial_job& job) {
    db_.write([&](database::connection& db) {
        if (!leases_.release(db, job.booking_id, job.lease)) return;
        auto update = db.prepared(k_record);
        update->bind(1, job.status);
        update->bind(2, job.dialled);
        update->bind(3, job.due_at_ms);
        update->bind(4, job.last_error);
        update->bind(5, job.booking_id);
        update->bind(6, job.attempts);
        update->exec();
    });
}

std::vector<dial_job> dial_job_store::problems(int limit) {
    std::vector<dial_job> jobs;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(select(k_problems));
        query->bind(1, limit);
        jobs = read_jobs(*query);
    });
    return jobs;
}

std::map<std::string, std::int64_t> dial_job_store::counts() {
    std::map<std::string, std::int64_t> result{{"pending", 0}, {"dialled", 0}, {"dead", 0}};
    db_.read([&](database::connection& db) {
        auto query = db.prepared(k_counts);
        while (query->executeStep())
            result[query->getColumn(0).getString()] = query->getColumn(1).getInt64();
    });
    return result;
}

void dial_job_store::give_back(const dial_job& job) {
    leases_.give_back(job.booking_id, job.lease);
}

}  // namespace samtal
