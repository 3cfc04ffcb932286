#include "service/store/interpreter_store.hpp"

#include "service/privacy/secret_key.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/outbox_store.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_select = R"sql(
    SELECT id, booking_id, unit, agency, language, dialect, competence, competence_required, gender, modes,
           start_at, end_at, answer_by, status, agency_id, interpreter_reference, joins_by, calendar_uid, sequence)sql";
constexpr std::string_view k_from = " FROM interpreter_requests ";

// Declined or expired, and not asked for again since: staff need to act.
constexpr std::string_view k_needs_action = R"sql(,
    (status IN ('declined', 'expired') AND NOT EXISTS (
        SELECT 1 FROM interpreter_requests later
        WHERE later.booking_id = interpreter_requests.booking_id AND later.id > interpreter_requests.id)))sql";

constexpr std::string_view k_list = R"sql(
    WHERE unit = ? AND start_at >= ? AND start_at < ? AND (? = '' OR status = ?) ORDER BY start_at, id)sql";

constexpr std::string_view k_insert = R"sql(
    INSERT INTO interpreter_requests (booking_id, unit, agency, language, dialect, competence, competence_required,
                                      gender, modes, start_at, end_at, answer_by, calendar_uid)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id)sql";

// A moved request asks the agency again: the interpreter agreed to the old time only.
constexpr std::string_view k_move = R"sql(
    UPDATE interpreter_requests
    SET start_at = ?, end_at = ?, answer_by = ?, status = 'requested', interpreter_reference = '', joins_by = '',
        sequence = sequence + 1
    WHERE id = ?)sql";

constexpr std::string_view k_set_status = "UPDATE interpreter_requests SET status = ? WHERE id = ?";

constexpr std::string_view k_confirm = R"sql(
    UPDATE interpreter_requests
    SET status = 'confirmed', interpreter_reference = ?, joins_by = ?, phone_key_id = ?, sealed_phone = ?
    WHERE id = ?)sql";

constexpr std::string_view k_next_sequence =
    "UPDATE interpreter_requests SET sequence = sequence + 1 WHERE id = ?";

// Overwritten before it is let go, so the sealed bytes do not survive in a free page: on SQLite
// only, as with sealed contacts (sealed_contacts.cpp).
constexpr std::string_view k_wipe_phone = R"sql(
    UPDATE interpreter_requests SET sealed_phone = zeroblob(length(sealed_phone)) WHERE id = ? AND sealed_phone IS NOT NULL)sql";
constexpr std::string_view k_drop_phone =
    "UPDATE interpreter_requests SET sealed_phone = NULL, phone_key_id = '' WHERE id = ?";

constexpr std::string_view k_phone = R"sql(
    SELECT phone_key_id, sealed_phone, calendar_uid FROM interpreter_requests WHERE id = ? AND sealed_phone IS NOT NULL)sql";

constexpr std::string_view k_overdue = R"sql(
    SELECT id FROM interpreter_requests WHERE status = 'requested' AND answer_by <= ?)sql";

constexpr std::string_view k_due_for_polling = R"sql(
    SELECT id FROM interpreter_requests
    WHERE unit = ? AND status = 'requested' AND agency = 'http' AND agency_id != '' AND polled_at <= ?)sql";
constexpr std::string_view k_polled = "UPDATE interpreter_requests SET polled_at = ? WHERE id = ?";

constexpr std::string_view k_save_agency_id =
    "UPDATE interpreter_requests SET agency_id = ? WHERE id = ?";

constexpr std::string_view k_remember_event = R"sql(
    INSERT INTO agency_events (unit, event_id, signature, received_at) VALUES (?, ?, ?, ?)
    ON CONFLICT DO NOTHING)sql";
constexpr std::string_view k_forget_events = "DELETE FROM agency_events WHERE received_at < ?";

constexpr std::string_view k_bump_booking = R"sql(
    UPDATE bookings SET sequence = sequence + 1 WHERE id = ? AND status = 'booked')sql";

constexpr std::string_view k_phones_ended = R"sql(
    SELECT id FROM interpreter_requests WHERE sealed_phone IS NOT NULL AND end_at <= ?)sql";

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : ",") + part;
    return out;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (from <= text.size() && !text.empty()) {
        auto comma = text.find(',', from);
        parts.push_back(text.substr(from, comma - from));
        if (comma == std::string::npos) break;
        from = comma + 1;
    }
    return parts;
}

interpreter_request read_request(statement& row) {
    interpreter_request r;
    r.id = row.getColumn(0).getInt64();
    r.booking_id = row.getColumn(1).getInt64();
    r.unit = row.getColumn(2).getString();
    r.agency = row.getColumn(3).getString();
    r.language = row.getColumn(4).getString();
    r.dialect = row.getColumn(5).getString();
    r.competence = row.getColumn(6).getString();
    r.competence_required = row.getColumn(7).getInt() != 0;
    r.gender = row.getColumn(8).getString();
    r.modes = split(row.getColumn(9).getString());
    r.start = from_unix_seconds(row.getColumn(10).getInt64());
    r.end = from_unix_seconds(row.getColumn(11).getInt64());
    r.answer_by = from_unix_seconds(row.getColumn(12).getInt64());
    r.status = parse_interpreter_status(row.getColumn(13).getString())
                   .value_or(interpreter_status::requested);
    r.agency_id = row.getColumn(14).getString();
    r.interpreter_reference = row.getColumn(15).getString();
    r.joins_by = row.getColumn(16).getString();
    r.calendar_uid = row.getColumn(17).getString();
    r.sequence = row.getColumn(18).getInt();
    return r;
}

void set_status(database::connection& db, std::int64_t request_id, interpreter_status status) {
    auto update = db.prepared(k_set_status);
    update->bind(1, std::string(status_name(status)));
    update->bind(2, request_id);
    update->exec();
}

void destroy_phone(database::connection& db, std::int64_t request_id) {
    for (auto statement : {k_wipe_phone, k_drop_phone}) {
        if (statement == k_wipe_phone && db.engine() != store_engine::sqlite) continue;
        auto query = db.prepared(statement);
        query->bind(1, request_id);
        query->exec();
    }
}

// The advisor's invitation says where the interpreter stands: a new SEQUENCE of it.
void tell_advisor(database::connection& db, std::int64_t booking_id) {
    auto bump = db.prepared(k_bump_booking);
    bump->bind(1, booking_id);
    if (bump->exec() == 0) return;
    auto booking = find_booking_by_id(db, booking_id);
    if (booking) enqueue_invitation(db, *booking, booking->advisor, itip_method::request);
}

void next_sequence(database::connection& db, std::int64_t request_id) {
    auto next = db.prepared(k_next_sequence);
    next->bind(1, request_id);
    next->exec();
}

}  // namespace

std::optional<interpreter_request> find_interpreter_request(database::connection& db,
                                                            std::int64_t request_id) {
    auto query = db.prepared(std::string(k_select) + std::string(k_from) + "WHERE id = ?");
    query->bind(1, request_id);
    if (!query->executeStep()) return std::nullopt;
    return read_request(*query);
}

std::optional<interpreter_request> latest_interpreter_request(database::connection& db,
                                                              std::int64_t booking_id) {
    auto query = db.prepared(std::string(k_select) + std::string(k_from) +
                             "WHERE booking_id = ? ORDER BY id DESC LIMIT 1");
    query->bind(1, booking_id);
    if (!query->executeStep()) return std::nullopt;
    return read_request(*query);
}

void open_interpreter_request(database::connection& db, const booking_record& booking,
                              const interpreter_order& order) {
    auto insert = db.prepared(k_insert);
    insert->bind(1, booking.id);
    insert->bind(2, booking.unit);
    insert->bind(3, order.agency);
    insert->bind(4, booking.language);
    insert->bind(5, booking.dialect);
    insert->bind(6, order.competence);
    insert->bind(7, order.competence_required ? 1 : 0);
    insert->bind(8, order.gender);
    insert->bind(9, join(order.modes));
    insert->bind(10, unix_seconds(booking.start));
    insert->bind(11, unix_seconds(booking.end));
    insert->bind(12, unix_seconds(order.answer_by));
    insert->bind(13, random_hex(16) + "@samtal");
    enqueue_agency_message(db, booking.id, *insert->exec_returning_id(), itip_method::request);
}

void move_interpreter_request(database::connection& db, const booking_record& moved,
                              const interpreter_request& request, const interpreter_order& order) {
    auto move = db.prepared(k_move);
    move->bind(1, unix_seconds(moved.start));
    move->bind(2, unix_seconds(moved.end));
    move->bind(3, unix_seconds(order.answer_by));
    move->bind(4, request.id);
    move->exec();
    destroy_phone(db, request.id);
    enqueue_agency_message(db, moved.id, request.id, itip_method::request);
}

void withdraw_interpreter_request(database::connection& db, const interpreter_request& request) {
    set_status(db, request.id, interpreter_status::cancelled);
    next_sequence(db, request.id);
    destroy_phone(db, request.id);
    enqueue_agency_message(db, request.booking_id, request.id, itip_method::cancel);
}

void destroy_interpreter_phones(database::connection& db, std::int64_t booking_id) {
    auto query = db.prepared(
        "SELECT id FROM interpreter_requests WHERE booking_id = ? AND sealed_phone IS NOT NULL");
    query->bind(1, booking_id);
    std::vector<std::int64_t> ids;
    while (query->executeStep()) ids.push_back(query->getColumn(0).getInt64());
    for (auto id : ids) destroy_phone(db, id);
}

int destroy_interpreter_phones_ended_before(database::connection& db, sys_minutes ended_before) {
    auto query = db.prepared(k_phones_ended);
    query->bind(1, unix_seconds(ended_before));
    std::vector<std::int64_t> ids;
    while (query->executeStep()) ids.push_back(query->getColumn(0).getInt64());
    for (auto id : ids) destroy_phone(db, id);
    return int(ids.size());
}

std::optional<sealed_interpreter_phone> read_interpreter_phone(database::connection& db,
                                                               std::int64_t request_id) {
    auto query = db.prepared(k_phone);
    query->bind(1, request_id);
    if (!query->executeStep()) return std::nullopt;
    return sealed_interpreter_phone{query->getColumn(0).getString(),
                                    query->getColumn(1).getString(),
                                    query->getColumn(2).getString()};
}

std::optional<interpreter_request> interpreter_store::find(std::int64_t request_id) {
    std::optional<interpreter_request> found;
    db_.read([&](database::connection& db) { found = find_interpreter_request(db, request_id); });
    return found;
}

std::vector<interpreter_store::listed> interpreter_store::list(
    const std::string& unit, sys_minutes from, sys_minutes to,
    std::optional<interpreter_status> status) {
    std::vector<listed> requests;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(std::string(k_select) + std::string(k_needs_action) +
                                 std::string(k_from) + std::string(k_list));
        query->bind(1, unit);
        query->bind(2, unix_seconds(from));
        query->bind(3, unix_seconds(to));
        auto wanted = status ? std::string(status_name(*status)) : std::string();
        query->bind(4, wanted);
        query->bind(5, wanted);
        while (query->executeStep())
            requests.push_back({read_request(*query), query->getColumn(19).getInt() != 0});
    });
    return requests;
}

answer_outcome interpreter_store::answer(const std::string& unit, std::int64_t request_id,
                                         const interpreter_answer& answer,
                                         const std::optional<sealed_interpreter_phone>& phone,
                                         const std::optional<agency_event>& event) {
    try {
        db_.write([&](database::connection& db) {
            apply_answer(db, unit, request_id, answer, phone, event);
        });
    } catch (const refused& refusal) {
        // Thrown inside the transaction, so a refused answer left nothing behind.
        return refusal.outcome;
    }
    return answer_outcome::done;
}

void interpreter_store::apply_answer(database::connection& db, const std::string& unit,
                                     std::int64_t request_id, const interpreter_answer& answer,
                                     const std::optional<sealed_interpreter_phone>& phone,
                                     const std::optional<agency_event>& event) {
    {
        if (event) {
            auto remember = db.prepared(k_remember_event);
            remember->bind(1, event->unit);
            remember->bind(2, event->event_id);
            remember->bind(3, event->signature);
            remember->bind(4, std::int64_t(event->received_at.time_since_epoch().count()));
            // ON CONFLICT DO NOTHING: a repeated event id or signature inserts nothing.
            if (remember->exec() == 0) throw refused{answer_outcome::replayed};
        }
        auto request = find_interpreter_request(db, request_id);
        if (!request || request->unit != unit) throw refused{answer_outcome::not_found};
        // A confirmation stands until the interpreter drops out; a decline or expiry is final.
        bool may_change = request->status == interpreter_status::requested ||
                          (request->status == interpreter_status::confirmed &&
                           answer.status == interpreter_status::declined);
        if (!may_change) throw refused{answer_outcome::not_open};
        destroy_phone(db, request_id);
        if (answer.status == interpreter_status::confirmed) {
            auto confirm = db.prepared(k_confirm);
            confirm->bind(1, answer.interpreter_reference);
            confirm->bind(2, answer.joins_by);
            confirm->bind(3, phone ? phone->key_id : std::string());
            if (phone)
                confirm->bind(4, phone->sealed.data(), int(phone->sealed.size()));
            else
                confirm->bind(4);
            confirm->bind(5, request_id);
            confirm->exec();
            // The video interpreter gets the join link in an update of the agency's copy.
            if (answer.joins_by == "video") {
                next_sequence(db, request_id);
                enqueue_agency_message(db, request->booking_id, request_id, itip_method::request);
            }
        } else {
            set_status(db, request_id, interpreter_status::declined);
        }
        tell_advisor(db, request->booking_id);
    }
}

int interpreter_store::expire_overdue(sys_seconds now) {
    int expired = 0;
    db_.write([&](database::connection& db) {
        auto query = db.prepared(k_overdue);
        query->bind(1, std::int64_t(now.time_since_epoch().count()));
        std::vector<std::int64_t> ids;
        while (query->executeStep()) ids.push_back(query->getColumn(0).getInt64());
        for (auto id : ids) {
            auto request = find_interpreter_request(db, id);
            set_status(db, id, interpreter_status::expired);
            next_sequence(db, id);
            // The agency may still be looking: it is told to stop.
            enqueue_agency_message(db, request->booking_id, id, itip_method::cancel);
            tell_advisor(db, request->booking_id);
        }
        expired = int(ids.size());
    });
    return expired;
}

std::optional<interpreter_request> interpreter_store::request_again(const std::string& unit,
                                                                    std::int64_t request_id,
                                                                    const interpreter_order& order,
                                                                    sys_seconds now,
                                                                    answer_outcome& outcome) {
    std::optional<interpreter_request> opened;
    db_.write([&](database::connection& db) {
        opened.reset();
        auto request = find_interpreter_request(db, request_id);
        if (!request || request->unit != unit) {
            outcome = answer_outcome::not_found;
            return;
        }
        auto latest = latest_interpreter_request(db, request->booking_id);
        auto booking = find_booking_by_id(db, request->booking_id);
        bool ended = request->status == interpreter_status::declined ||
                     request->status == interpreter_status::expired;
        if (!ended || latest->id != request->id || !booking ||
            booking->status != booking_status::booked || sys_seconds{booking->start} <= now) {
            outcome = answer_outcome::not_open;
            return;
        }
        open_interpreter_request(db, *booking, order);
        tell_advisor(db, booking->id);
        opened = latest_interpreter_request(db, booking->id);
        outcome = answer_outcome::done;
    });
    return opened;
}

void interpreter_store::save_agency_id(std::int64_t request_id, const std::string& agency_id) {
    db_.write([&](database::connection& db) {
        auto save = db.prepared(k_save_agency_id);
        save->bind(1, agency_id);
        save->bind(2, request_id);
        save->exec();
    });
}

std::vector<interpreter_request> interpreter_store::due_for_polling(const std::string& unit,
                                                                    sys_seconds now,
                                                                    std::chrono::seconds interval) {
    std::vector<interpreter_request> due;
    db_.write([&](database::connection& db) {
        due.clear();
        auto query = db.prepared(k_due_for_polling);
        query->bind(1, unit);
        query->bind(2, std::int64_t((now - interval).time_since_epoch().count()));
        std::vector<std::int64_t> ids;
        while (query->executeStep()) ids.push_back(query->getColumn(0).getInt64());
        auto polled = db.prepared(k_polled);
        for (auto id : ids) {
            polled->bind(1, std::int64_t(now.time_since_epoch().count()));
            polled->bind(2, id);
            polled->exec();
            polled->reset();
            due.push_back(*find_interpreter_request(db, id));
        }
    });
    return due;
}

std::optional<sealed_interpreter_phone> interpreter_store::confirmed_phone(
    std::int64_t booking_id) {
    std::optional<sealed_interpreter_phone> found;
    db_.read([&](database::connection& db) {
        auto latest = latest_interpreter_request(db, booking_id);
        if (latest && latest->status == interpreter_status::confirmed &&
            latest->joins_by == "phone")
            found = read_interpreter_phone(db, latest->id);
    });
    return found;
}

void interpreter_store::forget_agency_events(sys_seconds before) {
    db_.write([&](database::connection& db) {
        auto forget = db.prepared(k_forget_events);
        forget->bind(1, std::int64_t(before.time_since_epoch().count()));
        forget->exec();
    });
}

}  // namespace samtal
