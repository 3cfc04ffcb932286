#include "service/store/booking_store.hpp"

#include <array>

#include "service/core/booking_service.hpp"
#include "service/privacy/secret_key.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/hosted_meetings.hpp"
#include "service/store/interpreter_store.hpp"
#include "service/store/outbox_store.hpp"
#include "service/store/sealed_contacts.hpp"
#include "service/store/text_reminder_store.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;

constexpr int k_block_minutes = 5;

constexpr std::string_view k_select_busy = R"sql(
    SELECT id, advisor, start_at, end_at FROM bookings
    WHERE unit = ? AND start_at >= ? AND start_at < ? AND status = 'booked')sql";

constexpr std::string_view k_insert_booking = R"sql(
    INSERT INTO bookings (code_hash, unit, site, advisor, start_at, end_at, channel, platform, hosting, language,
                          interpreter_requested, interpreter, topic, parent_role, status, calendar_uid, sequence,
                          dialect, interpreter_gender)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, 0, ?, ?) RETURNING id)sql";

// A past conversation, as generate-history writes it for benchmarks.
constexpr std::string_view k_insert_past = R"sql(
    INSERT INTO bookings (code_hash, unit, site, advisor, start_at, end_at, channel, interpreter_requested, interpreter,
                          parent_role, status, calendar_uid)
    VALUES (?, ?, ?, ?, ?, ?, 'phone', 0, 0, 'unspecified', ?, ?) RETURNING id)sql";

constexpr std::string_view k_assign =
    "UPDATE bookings SET advisor = ?, site = ?, interpreter = ? WHERE id = ?";

// Every block from ?3 up to (not including) ?4 in one statement: one round trip to PostgreSQL
// rather than one per five minutes.
constexpr std::string_view k_insert_claims = R"sql(
    WITH RECURSIVE blocks (block) AS (
        SELECT CAST(?3 AS BIGINT)
        UNION ALL SELECT block + 1 FROM blocks WHERE block + 1 < CAST(?4 AS BIGINT))
    INSERT INTO advisor_claims (unit, advisor, block, booking_id)
    SELECT ?1, ?2, block, CAST(?5 AS BIGINT) FROM blocks)sql";

constexpr std::string_view k_delete_claims = R"sql(
    DELETE FROM advisor_claims WHERE booking_id = ?)sql";

constexpr std::string_view k_columns = R"sql(
    id, unit, site, advisor, start_at, end_at, channel, platform, hosting, language, interpreter_requested,
    interpreter, topic, parent_role, status, calendar_uid, sequence, dialect, interpreter_gender, outcome,
    (SELECT status FROM interpreter_requests r WHERE r.booking_id = bookings.id ORDER BY r.id DESC LIMIT 1),
    (SELECT language FROM text_reminders t WHERE t.booking_id = bookings.id))sql";

constexpr std::string_view k_where_booked_code =
    " FROM bookings WHERE code_hash = ? AND status = 'booked'";
constexpr std::string_view k_where_id = " FROM bookings WHERE id = ?";
constexpr std::string_view k_where_uid = " FROM bookings WHERE calendar_uid = ?";
constexpr std::string_view k_where_booked_between =
    " FROM bookings WHERE unit = ? AND status = 'booked' AND start_at >= ? AND start_at < ? ORDER "
    "BY start_at, id";
constexpr std::string_view k_record_outcome =
    "UPDATE bookings SET outcome = ? WHERE id = ? AND status = 'booked'";

constexpr std::string_view k_cancel = R"sql(
    UPDATE bookings SET status = 'cancelled', sequence = sequence + 1 WHERE id = ? AND status = 'booked')sql";

constexpr std::string_view k_move = R"sql(
    UPDATE bookings SET start_at = ?, end_at = ?, advisor = ?, site = ?, interpreter = ?, sequence = sequence + 1
    WHERE id = ? AND status = 'booked')sql";

constexpr std::string_view k_forget_past_claims = "DELETE FROM advisor_claims WHERE block < ?";

std::string sql(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    return std::string(a) + std::string(b) + std::string(c);
}

booking_record read_booking(statement& row) {
    booking_record b;
    b.id = row.getColumn(0).getInt64();
    b.unit = row.getColumn(1).getString();
    b.site = row.getColumn(2).getString();
    b.advisor = row.getColumn(3).getString();
    b.start = from_unix_seconds(row.getColumn(4).getInt64());
    b.end = from_unix_seconds(row.getColumn(5).getInt64());
    b.channel = row.getColumn(6).getString();
    b.platform = row.getColumn(7).getString();
    b.hosting = row.getColumn(8).getString();
    b.language = row.getColumn(9).getString();
    b.interpreter_requested = row.getColumn(10).getInt() != 0;
    b.interpreter = row.getColumn(11).getInt() != 0;
    b.topic = row.getColumn(12).getString();
    b.parent_role = row.getColumn(13).getString();
    b.status = row.getColumn(14).getString() == "booked" ? booking_status::booked
                                                         : booking_status::cancelled;
    b.calendar_uid = row.getColumn(15).getString();
    b.sequence = row.getColumn(16).getInt();
    b.dialect = row.getColumn(17).getString();
    b.interpreter_gender = row.getColumn(18).getString();
    b.outcome = row.getColumn(19).getString();
    if (!row.getColumn(20).isNull())
        b.interpreter_request_status = parse_interpreter_status(row.getColumn(20).getString());
    if (!row.getColumn(21).isNull()) b.reminder_language = row.getColumn(21).getString();
    return b;
}

// Claims the advisor's blocks for [start, end + buffer) for the booking; false when another
// booking holds any of them (the primary key refuses it).
bool claim(database::connection& db, const std::string& unit, const std::string& advisor,
           sys_minutes start, sys_minutes end, minutes buffer, std::int64_t booking_id) {
    auto insert = db.prepared(k_insert_claims);
    auto first = start.time_since_epoch().count() / k_block_minutes;
    auto last = ((end + buffer).time_since_epoch().count() + k_block_minutes - 1) / k_block_minutes;
    insert->bind(1, unit);
    insert->bind(2, advisor);
    insert->bind(3, std::int64_t(first));
    insert->bind(4, std::int64_t(last));
    insert->bind(5, booking_id);
    try {
        insert->exec();
    } catch (const store_error& error) {
        if (error.constraint_violation()) return false;
        throw;
    }
    return true;
}

// Tries each candidate in turn inside a savepoint, so that a refused claim leaves nothing.
const assignment* claim_first_free(database::connection& db, const std::string& unit,
                                   const std::vector<assignment>& candidates, sys_minutes start,
                                   sys_minutes end, minutes buffer, std::int64_t booking_id) {
    for (const auto& candidate : candidates) {
        savepoint attempt(db, "claim");
        if (claim(db, unit, candidate.advisor, start, end, buffer, booking_id)) {
            attempt.release();
            return &candidate;
        }
        attempt.rollback();
    }
    return nullptr;
}

// The contact data and the confirmed interpreter's number go together.
void destroy_contacts(database::connection& db, std::int64_t booking_id) {
    destroy_contact(db, booking_id);
    destroy_interpreter_phones(db, booking_id);
}

// Writes what the core says the change causes, inside the change's transaction. A withdrawn
// interpreter request is the first message out, so that the interpreter is freed soonest; a
// request opened or moved follows the advisor's invitation.
void apply(database::connection& db, const booking_change& change, const booking_effects& effects) {
    // A cancelled booking's reminder goes first: nothing may send it after this commits.
    write_text_reminder_plan(db, change.after, effects.text_reminder);
    const auto& after = change.after;
    if (effects.interpreter == interpreter_change::withdraw)
        withdraw_interpreter_request(db, *change.interpreter);
    for (const auto& invitation : effects.invitations)
        // A cancellation describes the event as its advisor had it.
        enqueue_invitation(
            db, invitation.method == itip_method::cancel && change.before ? *change.before : after,
            invitation.advisor, invitation.method);
    if (effects.interpreter == interpreter_change::open)
        open_interpreter_request(db, after, *effects.order);
    if (effects.interpreter == interpreter_change::follow)
        move_interpreter_request(db, after, *change.interpreter, *effects.order);
    if (effects.destroy_contact) destroy_contacts(db, after.id);
    plan_dial_job(db, after, effects.call_at_start);
}

}  // namespace

std::int64_t unix_seconds(sys_minutes t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
sys_minutes from_unix_seconds(std::int64_t seconds) {
    return date::floor<minutes>(sys_seconds{std::chrono::seconds{seconds}});
}

std::optional<booking_record> find_booking_by_id(database::connection& db,
                                                 std::int64_t booking_id) {
    auto query = db.prepared(sql("SELECT", k_columns, k_where_id));
    query->bind(1, booking_id);
    if (!query->executeStep()) return std::nullopt;
    return read_booking(*query);
}

std::int64_t insert_past_booking(database::connection& db, const past_booking& booking) {
    auto insert = db.prepared(k_insert_past);
    std::array<unsigned char, 32> code_hash;
    random_bytes(code_hash.data(), code_hash.size());
    insert->bind(1, code_hash.data(), int(code_hash.size()));
    insert->bind(2, booking.unit);
    insert->bind(3, booking.site);
    insert->bind(4, booking.advisor);
    insert->bind(5, unix_seconds(booking.start));
    insert->bind(6, unix_seconds(booking.end));
    insert->bind(7, booking.cancelled ? "cancelled" : "booked");
    insert->bind(8, random_hex(16) + "@samtal");
    return *insert->exec_returning_id();
}

std::vector<busy_period> booking_store::busy_periods(const std::string& unit, sys_minutes from,
                                                     sys_minutes to) {
    std::vector<busy_period> busy;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(k_select_busy);
        query->bind(1, unit);
        query->bind(2, unix_seconds(from));
        query->bind(3, unix_seconds(to));
        while (query->executeStep())
            busy.push_back({query->getColumn(0).getInt64(), query->getColumn(1).getString(),
                            from_unix_seconds(query->getColumn(2).getInt64()),
                            from_unix_seconds(query->getColumn(3).getInt64())});
    });
    return busy;
}

std::optional<booking_record> booking_store::insert(
    booking_record booking, const std::vector<assignment>& candidates, minutes buffer,
    const std::string& code_hash, const std::optional<sealed_contact>& contact,
    const std::optional<interpreter_order>& interpreter) {
    if (candidates.empty()) return std::nullopt;
    std::optional<booking_record> stored;
    db_.write([&](database::connection& db) {
        stored.reset();
        // The row is written first with the first candidate, so that claims can refer to it.
        auto insert = db.prepared(k_insert_booking);
        insert->bind(1, code_hash.data(), int(code_hash.size()));
        insert->bind(2, booking.unit);
        insert->bind(3, candidates.front().site);
        insert->bind(4, candidates.front().advisor);
        insert->bind(5, unix_seconds(booking.start));
        insert->bind(6, unix_seconds(booking.end));
        insert->bind(7, booking.channel);
        insert->bind(8, booking.platform);
        insert->bind(9, booking.hosting);
        insert->bind(10, booking.language);
        insert->bind(11, booking.interpreter_requested ? 1 : 0);
        insert->bind(12, candidates.front().interpreter ? 1 : 0);
        insert->bind(13, booking.topic);
        insert->bind(14, booking.parent_role);
        insert->bind(15, booking.calendar_uid);
        insert->bind(16, booking.dialect);
        insert->bind(17, booking.interpreter_gender);
        auto id = *insert->exec_returning_id();

        const auto* chosen =
            claim_first_free(db, booking.unit, candidates, booking.start, booking.end, buffer, id);
        if (!chosen) return db.discard_write();
        if (chosen != &candidates.front()) {
            auto update = db.prepared(k_assign);
            update->bind(1, chosen->advisor);
            update->bind(2, chosen->site);
            update->bind(3, chosen->interpreter ? 1 : 0);
            update->bind(4, id);
            update->exec();
        }
        if (contact) keep_contact(db, id, *contact);
        if (!booking.reminder_language.empty())
            ask_for_text_reminder(db, id, booking.reminder_language);
        stored =
            apply_rules(db, {std::nullopt, *find_booking_by_id(db, id), std::nullopt}, interpreter);
    });
    return stored;
}

booking_record booking_store::apply_rules(database::connection& db, const booking_change& change,
                                          const std::optional<interpreter_order>& order) const {
    auto effects = effects_of(change, order, bridges_call_ && bridges_call_(change.after),
                              reminder_plan_ ? reminder_plan_(change.after) : std::nullopt);
    apply(db, change, effects);
    // The record carries its interpreter request's status: read again only when that changed.
    if (effects.interpreter == interpreter_change::none) return change.after;
    return *find_booking_by_id(db, change.after.id);
}

std::optional<booking_record> booking_store::find_booked(const std::string& code_hash) {
    std::optional<booking_record> found;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(sql("SELECT", k_columns, k_where_booked_code));
        query->bind(1, code_hash.data(), int(code_hash.size()));
        if (query->executeStep()) found = read_booking(*query);
    });
    return found;
}

std::vector<std::string> booking_store::contact_key_ids() {
    std::vector<std::string> ids;
    db_.read([&](database::connection& db) { ids = samtal::contact_key_ids(db); });
    return ids;
}

std::optional<sealed_contact> booking_store::contact_of(std::int64_t booking_id) {
    std::optional<sealed_contact> found;
    db_.read([&](database::connection& db) { found = read_sealed_contact(db, booking_id); });
    return found;
}

std::optional<booking_record> booking_store::cancel(std::int64_t booking_id) {
    std::optional<booking_record> cancelled;
    db_.write([&](database::connection& db) {
        cancelled.reset();
        auto before = find_booking_by_id(db, booking_id);
        auto update = db.prepared(k_cancel);
        update->bind(1, booking_id);
        if (!before || update->exec() == 0) return;
        auto free_time = db.prepared(k_delete_claims);
        free_time->bind(1, booking_id);
        free_time->exec();
        // k_cancel changes these two and nothing else.
        auto after = *before;
        after.status = booking_status::cancelled;
        ++after.sequence;
        cancelled = apply_rules(db, {before, after, latest_interpreter_request(db, booking_id)},
                                std::nullopt);
    });
    // The WAL still holds the pages the sealed contact was written in; fold it in and empty
    // it, as the purge does, so the destroyed bytes are gone from both files within a second.
    // One checkpoint for all the cancellations of that second: each alone cost more than the
    // cancellation itself.
    if (cancelled) db_.checkpoint_soon();
    return cancelled;
}

int booking_store::destroy_expired_contacts(sys_seconds now) {
    int destroyed = 0;
    db_.write([&](database::connection& db) {
        auto expired = contacts_expired_by(db, now);
        for (auto booking_id : expired) {
            destroy_contacts(db, booking_id);
            // A hosted meeting of a conversation that is over is of no more use either.
            forget_hosted_meeting(db, booking_id);
        }
        // A booking whose meeting was never made has no contact data, but may have an
        // interpreter's number.
        destroyed = int(expired.size()) + destroy_interpreter_phones_ended_before(
                                              db, date::floor<minutes>(now) - k_contact_grace);
    });
    if (destroyed > 0) db_.checkpoint();
    return destroyed;
}

int booking_store::forget_past_claims(sys_seconds now) {
    int forgotten = 0;
    db_.write([&](database::connection& db) {
        auto forget = db.prepared(k_forget_past_claims);
        forget->bind(1, std::int64_t(date::floor<minutes>(now).time_since_epoch().count() /
                                     k_block_minutes));
        forgotten = forget->exec();
    });
    return forgotten;
}

std::optional<booking_record> booking_store::move(
    std::int64_t booking_id, sys_minutes start, sys_minutes end,
    const std::vector<assignment>& candidates, minutes buffer, sys_minutes destroy_contact_after,
    const std::optional<interpreter_order>& interpreter, std::optional<int> expected_sequence) {
    std::optional<booking_record> moved;
    db_.write([&](database::connection& db) {
        moved.reset();
        auto before = find_booking_by_id(db, booking_id);
        if (!before || before->status != booking_status::booked) return;
        if (expected_sequence && before->sequence != *expected_sequence) return;
        auto free_time = db.prepared(k_delete_claims);
        free_time->bind(1, booking_id);
        free_time->exec();
        const auto* chosen =
            claim_first_free(db, before->unit, candidates, start, end, buffer, booking_id);
        // Discarding brings the freed time back too: the booking stays where it was.
        if (!chosen) return db.discard_write();
        auto update = db.prepared(k_move);
        update->bind(1, unix_seconds(start));
        update->bind(2, unix_seconds(end));
        update->bind(3, chosen->advisor);
        update->bind(4, chosen->site);
        update->bind(5, chosen->interpreter ? 1 : 0);
        update->bind(6, booking_id);
        update->exec();
        keep_contact_until(db, booking_id, destroy_contact_after);
        moved = apply_rules(db,
                            {before, *find_booking_by_id(db, booking_id),
                             latest_interpreter_request(db, booking_id)},
                            interpreter);
    });
    return moved;
}

std::optional<booking_record> booking_store::find_by_uid(const std::string& calendar_uid) {
    std::optional<booking_record> found;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(sql("SELECT", k_columns, k_where_uid));
        query->bind(1, calendar_uid);
        if (query->executeStep()) found = read_booking(*query);
    });
    return found;
}

std::vector<booking_record> booking_store::booked_between(const std::string& unit, sys_minutes from,
                                                          sys_minutes to) {
    std::vector<booking_record> booked;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(sql("SELECT", k_columns, k_where_booked_between));
        query->bind(1, unit);
        query->bind(2, unix_seconds(from));
        query->bind(3, unix_seconds(to));
        while (query->executeStep()) booked.push_back(read_booking(*query));
    });
    return booked;
}

std::optional<booking_record> booking_store::record_outcome(std::int64_t booking_id,
                                                            const std::string& outcome) {
    std::optional<booking_record> recorded;
    db_.write([&](database::connection& db) {
        recorded.reset();
        auto update = db.prepared(k_record_outcome);
        update->bind(1, outcome);
        update->bind(2, booking_id);
        if (update->exec() == 1) recorded = find_booking_by_id(db, booking_id);
    });
    return recorded;
}

}  // namespace samtal
