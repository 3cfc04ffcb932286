#include "service/store/text_reminder_store.hpp"

#include <algorithm>
#include <utility>

#include "service/store/booking_store.hpp"
#include "service/store/sealed_contacts.hpp"

namespace samtal {
namespace {

// Written with the booking; planned by k_plan in the same transaction.
constexpr std::string_view k_ask = R"sql(
    INSERT INTO text_reminders (booking_id, language, due_at, status) VALUES (?, ?, 0, 'skipped'))sql";

// A new time starts the reminder over; the same time (another advisor, a staff hand-over)
// leaves it alone, so that one already sent is not sent again.
constexpr std::string_view k_plan = R"sql(
    UPDATE text_reminders SET due_at = ?2, status = ?3, attempts = 0, provider_id = '', last_error = '',
                              lease_holder = '', lease_until = 0
    WHERE booking_id = ?1 AND due_at != ?2)sql";

constexpr std::string_view k_drop = "DELETE FROM text_reminders WHERE booking_id = ?";

constexpr std::string_view k_columns =
    "booking_id, language, due_at, status, attempts, provider_id, last_error";

// A claim marks the reminder as being sent: one whose sender died is not sent again.
constexpr leased_table k_leased{"text_reminders",
                                "booking_id",
                                k_columns,
                                "status = 'pending' AND due_at <= ?1",
                                "due_at, booking_id",
                                "status = 'sending', attempts = attempts + 1",
                                "status = 'pending', attempts = attempts - 1"};

constexpr std::string_view k_record = R"sql(
    UPDATE text_reminders SET status = ?, due_at = ?, provider_id = ?, last_error = ?
    WHERE booking_id = ? AND attempts = ? AND status = 'sending')sql";

constexpr std::string_view k_of = "WHERE booking_id = ?";

constexpr std::string_view k_counts = "SELECT status, count(*) FROM text_reminders GROUP BY status";

std::string select(std::string_view where) {
    return "SELECT " + std::string(k_columns) + " FROM text_reminders " + std::string(where);
}

text_reminder read_reminder(statement& row) {
    return {row.getColumn(0).getInt64(),  row.getColumn(1).getString(),
            row.getColumn(2).getInt64(),  row.getColumn(3).getString(),
            row.getColumn(4).getInt(),    row.getColumn(5).getString(),
            row.getColumn(6).getString(), ""};
}

}  // namespace

void ask_for_text_reminder(database::connection& db, std::int64_t booking_id,
                           const std::string& language) {
    auto ask = db.prepared(k_ask);
    ask->bind(1, booking_id);
    ask->bind(2, language);
    ask->exec();
}

void write_text_reminder_plan(database::connection& db, const booking_record& booking,
                              const std::optional<text_reminder_plan>& plan) {
    if (booking.reminder_language.empty()) return;
    if (!plan) {
        auto drop = db.prepared(k_drop);
        drop->bind(1, booking.id);
        drop->exec();
        return;
    }
    auto update = db.prepared(k_plan);
    update->bind(1, booking.id);
    update->bind(2, unix_seconds(plan->at) * 1000);
    update->bind(3, plan->too_late ? "skipped" : "pending");
    update->exec();
}

text_reminder_store::text_reminder_store(database& db) : db_(db), leases_(db, k_leased) {}

std::vector<text_reminder> text_reminder_store::claim_due(std::int64_t now_ms, int limit,
                                                          std::chrono::milliseconds lease) {
    std::vector<text_reminder> claimed;
    auto holder = leases_.claim(now_ms, limit, lease,
                                [&](statement& row) { claimed.push_back(read_reminder(row)); });
    for (auto& reminder : claimed) reminder.lease = holder;
    std::ranges::sort(claimed, {}, [](const text_reminder& reminder) {
        return std::pair(reminder.due_at_ms, reminder.booking_id);
    });
    return claimed;
}

std::optional<text_reminder_store::send_context> text_reminder_store::context(
    std::int64_t booking_id) {
    std::optional<send_context> found;
    db_.read([&](database::connection& db) {
        auto booking = find_booking_by_id(db, booking_id);
        if (booking) found = send_context{*booking, read_sealed_contact(db, booking_id)};
    });
    return found;
}

void text_reminder_store::record(const text_reminder& reminder) {
    db_.write([&](database::connection& db) {
        if (!leases_.release(db, reminder.booking_id, reminder.lease)) return;
        auto update = db.prepared(k_record);
        update->bind(1, reminder.status);
        update->bind(2, reminder.due_at_ms);
        update->bind(3, reminder.provider_id);
        update->bind(4, reminder.last_error);
        update->bind(5, reminder.booking_id);
        update->bind(6, reminder.attempts);
        update->exec();
    });
}

std::optional<text_reminder> text_reminder_store::of(std::int64_t booking_id) {
    std::optional<text_reminder> found;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(select(k_of));
        query->bind(1, booking_id);
        if (query->executeStep()) found = read_reminder(*query);
    });
    return found;
}

std::map<std::string, std::int64_t> text_reminder_store::counts() {
    std::map<std::string, std::int64_t> result{
        {"pending", 0}, {"sending", 0}, {"sent", 0}, {"dead", 0}, {"skipped", 0}};
    db_.read([&](database::connection& db) {
        auto query = db.prepared(k_counts);
        while (query->executeStep())
            result[query->getColumn(0).getString()] = query->getColumn(1).getInt64();
    });
    return result;
}

void text_reminder_store::give_back(const text_reminder& reminder) {
    leases_.give_back(reminder.booking_id, reminder.lease);
}

}  // namespace samtal
