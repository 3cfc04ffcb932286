// The interpreter_requests table: requests opened, moved and withdrawn with their booking (inside
// the booking's transaction), answers from agencies and staff, deadlines, and the interpreter's
// sealed phone number. Every change that an agency or the advisor must hear of enqueues its
// message in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/core/interpreter_request.hpp"
#include "service/store/database.hpp"

namespace samtal {

// Inside the caller's write transaction: a new request for a booking that needs an interpreter,
// and its message to the agency.
void open_interpreter_request(database::connection& db, const booking_record& booking,
                              const interpreter_order& order);

// Inside the caller's write transaction, after the booking moved: its open `request` moves
// with it to the new time and answer deadline, and asks the agency again (the interpreter
// agreed to the old time).
void move_interpreter_request(database::connection& db, const booking_record& moved,
                              const interpreter_request& request, const interpreter_order& order);

// Inside the caller's write transaction: the open `request` is cancelled, the agency told, and
// the interpreter's number destroyed.
void withdraw_interpreter_request(database::connection& db, const interpreter_request& request);

// Inside the caller's write transaction: overwrites and removes the interpreter phone numbers of
// the booking's requests (with its contact data) or, with no booking, of every request whose
// conversation ended before `ended_before`.
void destroy_interpreter_phones(database::connection& db, std::int64_t booking_id);
int destroy_interpreter_phones_ended_before(database::connection& db, sys_minutes ended_before);

// The latest request of a booking, in the caller's transaction.
std::optional<interpreter_request> latest_interpreter_request(database::connection& db,
                                                              std::int64_t booking_id);
std::optional<interpreter_request> find_interpreter_request(database::connection& db,
                                                            std::int64_t request_id);

// The interpreter's phone number as stored: sealed under the request's calendar UID.
struct sealed_interpreter_phone {
    std::string key_id;
    std::string sealed;
    std::string context;
};
std::optional<sealed_interpreter_phone> read_interpreter_phone(database::connection& db,
                                                               std::int64_t request_id);

// A callback from an agency, remembered so that the same one is never acted on twice.
struct agency_event {
    std::string unit;
    std::string event_id;
    std::string signature;
    sys_seconds received_at;
};

enum class answer_outcome { done, not_found, not_open, replayed };

class interpreter_store {
public:
    explicit interpreter_store(database& db) : db_(db) {}

    std::optional<interpreter_request> find(std::int64_t request_id);

    // A unit's requests for conversations starting in [from, to), optionally of one status,
    // by start time. `needs_action` marks declined and expired ones not asked for again.
    struct listed {
        interpreter_request request;
        bool needs_action = false;
    };
    std::vector<listed> list(const std::string& unit, sys_minutes from, sys_minutes to,
                             std::optional<interpreter_status> status);

    // Records a confirmation or a decline of the unit's request (with the interpreter's sealed
    // number, when they join by phone) and tells the advisor (and, for a video interpreter, the
    // agency the join link). With `event`, the callback is remembered in the same transaction,
    // and one seen before changes nothing.
    answer_outcome answer(const std::string& unit, std::int64_t request_id,
                          const interpreter_answer& answer,
                          const std::optional<sealed_interpreter_phone>& phone,
                          const std::optional<agency_event>& event);

    // Requests still unanswered at their deadline become expired: the advisor is told and the
    // agency's copy withdrawn. Returns how many.
    int expire_overdue(sys_seconds now);

    // A new request for the booking of a declined or expired one that is its booking's latest,
    // while the booking is still to come. nullopt with `outcome` set otherwise.
    std::optional<interpreter_request> request_again(const std::string& unit,
                                                     std::int64_t request_id,
                                                     const interpreter_order& order,
                                                     sys_seconds now, answer_outcome& outcome);

    // The agency's id for a request it accepted (http agencies).
    void save_agency_id(std::int64_t request_id, const std::string& agency_id);

    // The unit's requests still waiting for an answer that the agency knows and that were not
    // asked about for `interval`; each is marked as asked now.
    std::vector<interpreter_request> due_for_polling(const std::string& unit, sys_seconds now,
                                                     std::chrono::seconds interval);

    // The sealed number of the booking's confirmed interpreter who joins by phone.
    std::optional<sealed_interpreter_phone> confirmed_phone(std::int64_t booking_id);

    // Forgets callbacks older than `before`: a replay of one is refused by its timestamp.
    void forget_agency_events(sys_seconds before);

private:
    struct refused {
        answer_outcome outcome;
    };
    void apply_answer(database::connection& db, const std::string& unit, std::int64_t request_id,
                      const interpreter_answer& answer,
                      const std::optional<sealed_interpreter_phone>& phone,
                      const std::optional<agency_event>& event);

    database& db_;
};

}  // namespace samtal
