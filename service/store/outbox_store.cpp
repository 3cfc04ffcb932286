#include "service/store/outbox_store.hpp"

#include <algorithm>

#include "service/store/booking_store.hpp"
#include "service/store/hosted_meetings.hpp"
#include "service/store/sealed_contacts.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_supersede = R"sql(
    UPDATE outbox SET status = 'superseded' WHERE booking_id = ? AND advisor = ? AND status = 'pending')sql";

// An attempt may have reached the calendar even when it was not confirmed.
constexpr std::string_view k_ever_attempted = R"sql(
    SELECT EXISTS (SELECT 1 FROM outbox WHERE booking_id = ? AND advisor = ? AND attempts > 0))sql";

// A CANCEL for a booking that is cancelled and has a meeting the unit hosts deletes it.
constexpr std::string_view k_hosted_meeting_to_delete = R"sql(
    SELECT EXISTS (SELECT 1 FROM hosted_meetings h JOIN bookings b ON b.id = h.booking_id
                   WHERE h.booking_id = ? AND b.status = 'cancelled'))sql";

constexpr std::string_view k_insert = R"sql(
    INSERT INTO outbox (booking_id, advisor, method, next_attempt_at) VALUES (?, ?, ?, 0))sql";
constexpr std::string_view k_insert_cancel = R"sql(
    INSERT INTO outbox (booking_id, advisor, method, next_attempt_at, event_start_at, event_end_at,
                        event_site, event_interpreter)
    VALUES (?, ?, 'CANCEL', 0, ?, ?, ?, ?))sql";

// What the outbox kept of a past conversation's invitations: sent, long ago.
constexpr std::string_view k_insert_sent = R"sql(
    INSERT INTO outbox (booking_id, advisor, method, status, attempts, next_attempt_at)
    VALUES (?, ?, ?, 'sent', 1, ?))sql";

constexpr std::string_view k_supersede_agency = R"sql(
    UPDATE outbox SET status = 'superseded' WHERE interpreter_request_id = ? AND status = 'pending')sql";
constexpr std::string_view k_agency_ever_attempted = R"sql(
    SELECT EXISTS (SELECT 1 FROM outbox WHERE interpreter_request_id = ? AND attempts > 0))sql";
constexpr std::string_view k_insert_agency = R"sql(
    INSERT INTO outbox (booking_id, advisor, interpreter_request_id, method, next_attempt_at)
    VALUES (?, '', ?, ?, 0))sql";

constexpr std::string_view k_message_columns = R"sql(
    id, booking_id, advisor, coalesce(interpreter_request_id, 0), method, attempts, status, last_error,
    event_start_at, event_end_at, event_site, event_interpreter)sql";
constexpr std::string_view k_due = R"sql(
    FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?)sql";

// A claim counts the attempt: it may reach the calendar even if its answer never comes back.
constexpr leased_table k_leased{"outbox",
                                "id",
                                k_message_columns,
                                "status = 'pending' AND next_attempt_at <= ?1",
                                "id",
                                "attempts = attempts + 1",
                                "attempts = attempts - 1"};

constexpr std::string_view k_etag =
    "SELECT etag FROM calendar_copies WHERE booking_id = ? AND advisor = ?";
constexpr std::string_view k_save_etag = R"sql(
    INSERT INTO calendar_copies (booking_id, advisor, etag) VALUES (?, ?, ?)
    ON CONFLICT (booking_id, advisor) DO UPDATE SET etag = excluded.etag)sql";
constexpr std::string_view k_forget_etag =
    "DELETE FROM calendar_copies WHERE booking_id = ? AND advisor = ?";

// A message that was delivered counts as sent even if a newer one superseded it meanwhile.
constexpr std::string_view k_sent =
    "UPDATE outbox SET status = 'sent', last_error = '' WHERE id = ?";
constexpr std::string_view k_retry = R"sql(
    UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending')sql";
constexpr std::string_view k_dead =
    "UPDATE outbox SET status = 'dead', last_error = ? WHERE id = ?";
constexpr std::string_view k_settle_dead = R"sql(
    UPDATE outbox SET status = 'superseded'
    WHERE booking_id = ? AND advisor = ? AND coalesce(interpreter_request_id, 0) = ? AND id < ? AND status = 'dead')sql";

constexpr std::string_view k_problems = R"sql(
    FROM outbox WHERE status = 'dead' OR (status = 'pending' AND attempts > 0) ORDER BY id DESC LIMIT ?)sql";

// Kept by triggers (007_status_counts.sql): counting the table would grow with history.
constexpr std::string_view k_counts =
    "SELECT status, count FROM status_counts WHERE table_name = 'outbox'";

std::string with_message_columns(std::string_view rest) {
    return "SELECT " + std::string(k_message_columns) + std::string(rest);
}

outbox_message read_message(statement& row) {
    outbox_message message{
        row.getColumn(0).getInt64(),
        row.getColumn(1).getInt64(),
        row.getColumn(2).getString(),
        row.getColumn(3).getInt64(),
        row.getColumn(4).getString() == "CANCEL" ? itip_method::cancel : itip_method::request,
        row.getColumn(5).getInt(),
        row.getColumn(6).getString(),
        row.getColumn(7).getString(),
        std::nullopt,
        ""};
    if (!row.getColumn(8).isNull())
        message.cancels =
            recipient_copy{from_unix_seconds(row.getColumn(8).getInt64()),
                           from_unix_seconds(row.getColumn(9).getInt64()),
                           row.getColumn(10).getString(), row.getColumn(11).getInt() != 0};
    return message;
}

std::vector<outbox_message> read_messages(statement& query) {
    std::vector<outbox_message> messages;
    while (query.executeStep()) messages.push_back(read_message(query));
    return messages;
}

}  // namespace

void enqueue_invitation(database::connection& db, const booking_record& booking,
                        const std::string& advisor, itip_method method) {
    auto booking_id = booking.id;
    auto supersede = db.prepared(k_supersede);
    supersede->bind(1, booking_id);
    supersede->bind(2, advisor);
    supersede->exec();
    if (method == itip_method::cancel) {
        auto attempted = db.prepared(k_ever_attempted);
        attempted->bind(1, booking_id);
        attempted->bind(2, advisor);
        auto meeting = db.prepared(k_hosted_meeting_to_delete);
        meeting->bind(1, booking_id);
        if (attempted->executeStep() && attempted->getColumn(0).getInt() == 0 &&
            meeting->executeStep() && meeting->getColumn(0).getInt() == 0)
            return;
        auto insert = db.prepared(k_insert_cancel);
        insert->bind(1, booking_id);
        insert->bind(2, advisor);
        insert->bind(3, unix_seconds(booking.start));
        insert->bind(4, unix_seconds(booking.end));
        insert->bind(5, booking.site);
        insert->bind(6, booking.interpreter ? 1 : 0);
        insert->exec();
        return;
    }
    auto insert = db.prepared(k_insert);
    insert->bind(1, booking_id);
    insert->bind(2, advisor);
    insert->bind(3, std::string(method_name(method)));
    insert->exec();
}

void enqueue_agency_message(database::connection& db, std::int64_t booking_id,
                            std::int64_t request_id, itip_method method) {
    auto supersede = db.prepared(k_supersede_agency);
    supersede->bind(1, request_id);
    supersede->exec();
    if (method == itip_method::cancel) {
        auto attempted = db.prepared(k_agency_ever_attempted);
        attempted->bind(1, request_id);
        if (attempted->executeStep() && attempted->getColumn(0).getInt() == 0) return;
    }
    auto insert = db.prepared(k_insert_agency);
    insert->bind(1, booking_id);
    insert->bind(2, request_id);
    insert->bind(3, std::string(method_name(method)));
    insert->exec();
}

void insert_sent_invitation(database::connection& db, std::int64_t booking_id,
                            const std::string& advisor, itip_method method, sys_minutes sent) {
    auto insert = db.prepared(k_insert_sent);
    insert->bind(1, booking_id);
    insert->bind(2, advisor);
    insert->bind(3, std::string(method_name(method)));
    insert->bind(4, unix_seconds(sent) * 1000);
    insert->exec();
}

outbox_store::outbox_store(database& db) : db_(db), leases_(db, k_leased) {}

std::vector<outbox_message> outbox_store::due(std::int64_t now_ms, int limit) {
    std::vector<outbox_message> messages;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(with_message_columns(k_due));
        query->bind(1, now_ms);
        query->bind(2, limit);
        messages = read_messages(*query);
    });
    return messages;
}

std::vector<outbox_message> outbox_store::claim_due(std::int64_t now_ms, int limit,
                                                    std::chrono::milliseconds lease) {
    std::vector<outbox_message> claimed;
    auto holder = leases_.claim(now_ms, limit, lease,
                                [&](statement& row) { claimed.push_back(read_message(row)); });
    for (auto& message : claimed) message.lease = holder;
    std::ranges::sort(claimed, {}, &outbox_message::id);
    return claimed;
}

std::optional<outbox_store::delivery_context> outbox_store::context(const outbox_message& message) {
    std::optional<delivery_context> found;
    db_.read([&](database::connection& db) {
        auto booking = find_booking_by_id(db, message.booking_id);
        if (!booking) return;
        found =
            delivery_context{*booking, std::nullopt, "", std::nullopt, std::nullopt, std::nullopt};
        if (message.cancels) {
            found->booking.start = message.cancels->start;
            found->booking.end = message.cancels->end;
            found->booking.site = message.cancels->site;
            found->booking.interpreter = message.cancels->interpreter;
        }
        found->interpreter = message.interpreter_request
                                 ? find_interpreter_request(db, message.interpreter_request)
                                 : latest_interpreter_request(db, message.booking_id);
        if (found->interpreter)
            found->interpreter_phone = read_interpreter_phone(db, found->interpreter->id);
        found->contact = read_sealed_contact(db, message.booking_id);
        found->meeting = find_hosted_meeting(db, message.booking_id);
        auto etag = db.prepared(k_etag);
        etag->bind(1, message.booking_id);
        etag->bind(2, message.advisor);
        if (etag->executeStep()) found->etag = etag->getColumn(0).getString();
    });
    return found;
}

void outbox_store::save_meeting(std::int64_t booking_id, const std::string& platform,
                                const stored_meeting& meeting, const sealed_contact& join_link) {
    db_.write([&](database::connection& db) {
        keep_hosted_meeting(db, booking_id, platform, meeting);
        keep_contact(db, booking_id, join_link, true);
    });
}

void outbox_store::meeting_moved(std::int64_t booking_id, sys_minutes start, sys_minutes end) {
    db_.write([&](database::connection& db) { hosted_meeting_moved(db, booking_id, start, end); });
}

void outbox_store::forget_meeting(std::int64_t booking_id) {
    db_.write([&](database::connection& db) { forget_hosted_meeting(db, booking_id); });
}

void outbox_store::record(const delivery_outcome& outcome) {
    const auto& message = outcome.message;
    db_.write([&](database::connection& db) {
        if (!leases_.release(db, message.id, message.lease)) return;
        switch (outcome.result) {
            case delivery_outcome::kind::sent: {
                auto sent = db.prepared(k_sent);
                sent->bind(1, message.id);
                sent->exec();
                auto settle = db.prepared(k_settle_dead);
                settle->bind(1, message.booking_id);
                settle->bind(2, message.advisor);
                settle->bind(3, message.interpreter_request);
                settle->bind(4, message.id);
                settle->exec();
                if (message.method == itip_method::cancel || outcome.etag.empty()) {
                    auto forget = db.prepared(k_forget_etag);
                    forget->bind(1, message.booking_id);
                    forget->bind(2, message.advisor);
                    forget->exec();
                } else {
                    auto save = db.prepared(k_save_etag);
                    save->bind(1, message.booking_id);
                    save->bind(2, message.advisor);
                    save->bind(3, outcome.etag);
                    save->exec();
                }
                break;
            }
            case delivery_outcome::kind::retry: {
                auto retry = db.prepared(k_retry);
                retry->bind(1, outcome.next_attempt_ms);
                retry->bind(2, outcome.reason);
                retry->bind(3, message.id);
                retry->exec();
                break;
            }
            case delivery_outcome::kind::dead: {
                auto dead = db.prepared(k_dead);
                dead->bind(1, outcome.reason);
                dead->bind(2, message.id);
                dead->exec();
                break;
            }
        }
    });
}

std::vector<outbox_message> outbox_store::problems(int limit) {
    std::vector<outbox_message> messages;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(with_message_columns(k_problems));
        query->bind(1, limit);
        messages = read_messages(*query);
    });
    return messages;
}

std::map<std::string, std::int64_t> outbox_store::counts() {
    std::map<std::string, std::int64_t> result{
        {"pending", 0}, {"sent", 0}, {"dead", 0}, {"superseded", 0}};
    db_.read([&](database::connection& db) {
        auto query = db.prepared(k_counts);
        while (query->executeStep())
            result[query->getColumn(0).getString()] = query->getColumn(1).getInt64();
    });
    return result;
}

void outbox_store::give_back(const outbox_message& message) {
    leases_.give_back(message.id, message.lease);
}

}  // namespace samtal
