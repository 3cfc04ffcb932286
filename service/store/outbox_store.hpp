// The outbox table: invitations waiting to be delivered, their attempts and their fate, and
// the ETags of copies in CalDAV calendars.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/store/database.hpp"
#include "service/store/hosted_meetings.hpp"
#include "service/store/interpreter_store.hpp"
#include "service/store/row_leases.hpp"

namespace samtal {

// The event as the recipient's calendar has it, which a CANCEL describes: a move that hands the
// booking to another advisor changes the booking's time before the former advisor's CANCEL goes.
struct recipient_copy {
    sys_minutes start;
    sys_minutes end;
    std::string site;
    bool interpreter = false;
};

struct outbox_message {
    std::int64_t id = 0;
    std::int64_t booking_id = 0;
    std::string advisor;                   // empty for a message to the interpreter agency
    std::int64_t interpreter_request = 0;  // the request a message to the agency is about
    itip_method method = itip_method::request;
    int attempts = 0;
    std::string status;
    std::string last_error;
    std::optional<recipient_copy> cancels;  // a CANCEL: what it cancels
    std::string lease;                      // the lease it was claimed under (store/row_leases.hpp)
};

// What became of one attempt to deliver a message.
struct delivery_outcome {
    enum class kind { sent, retry, dead };
    outbox_message message;
    kind result = kind::retry;
    std::string etag;                  // sent: the calendar copy's new ETag, if any
    std::int64_t next_attempt_ms = 0;  // retry
    std::string reason;                // retry and dead: a short class of failure
};

// Adds an invitation for the advisor inside the caller's write transaction. Older pending
// messages for the same booking and advisor are superseded (the newest state is what gets
// sent); a CANCEL for a booking the advisor's calendar never saw is not sent at all, unless the
// booking is cancelled and has a hosted meeting, which only a CANCEL deletes. A CANCEL keeps
// `booking`'s time, site and interpreter need as the event it cancels: pass the booking as
// the advisor had it.
void enqueue_invitation(database::connection& db, const booking_record& booking,
                        const std::string& advisor, itip_method method);

// Adds a message to the interpreter agency about one request, inside the caller's write
// transaction, with the same superseding and unsent-CANCEL rules as an advisor's invitation.
void enqueue_agency_message(database::connection& db, std::int64_t booking_id,
                            std::int64_t request_id, itip_method method);

// An invitation sent long ago, for a past_booking (store/booking_store.hpp), inside the caller's
// write transaction.
void insert_sent_invitation(database::connection& db, std::int64_t booking_id,
                            const std::string& advisor, itip_method method, sys_minutes sent);

class outbox_store {
public:
    explicit outbox_store(database& db);

    // Pending messages due at `now_ms`, oldest first, whether leased or not.
    std::vector<outbox_message> due(std::int64_t now_ms, int limit);

    // Claims at most `limit` pending messages due at `now_ms` that no instance holds, for
    // `lease`, and counts an attempt for each: committed before the sends, so that a crash
    // mid-send still counts as "may have arrived" (a later cancellation is then sent, not
    // skipped). Oldest first, with their attempts counted.
    std::vector<outbox_message> claim_due(std::int64_t now_ms, int limit,
                                          std::chrono::milliseconds lease);

    // What the worker needs to compose the message: the booking, its sealed contact data (if
    // any is left) and the ETag of the advisor's calendar copy.
    struct delivery_context {
        booking_record booking;
        std::optional<sealed_contact> contact;
        std::string etag;
        std::optional<stored_meeting> meeting;  // a meeting the unit hosts for it
        // The request the message is about, or for an advisor the booking's latest, with the
        // confirmed interpreter's sealed number.
        std::optional<interpreter_request> interpreter;
        std::optional<sealed_interpreter_phone> interpreter_phone;
    };
    std::optional<delivery_context> context(const outbox_message& message);

    // A new hosted meeting: its id, and its join link as the booking's sealed contact, unless
    // the booking was cancelled meanwhile.
    void save_meeting(std::int64_t booking_id, const std::string& platform,
                      const stored_meeting& meeting, const sealed_contact& join_link);
    void meeting_moved(std::int64_t booking_id, sys_minutes start, sys_minutes end);
    void forget_meeting(std::int64_t booking_id);

    // Ends the lease the message was claimed under without an attempt: due again at once.
    void give_back(const outbox_message& message);

    // Records what became of one attempt, if the message's lease is still the one it was
    // claimed under (else another instance took it over and records its own). A message
    // delivered settles the earlier dead ones for the same event and recipient: the calendar
    // has the newer state, so they are no longer a problem.
    void record(const delivery_outcome& outcome);

    // Messages that failed at least once and were not delivered since: dead ones and pending
    // ones being retried, newest first.
    std::vector<outbox_message> problems(int limit);

    // Number of messages by status.
    std::map<std::string, std::int64_t> counts();

private:
    database& db_;
    row_leases leases_;
};

}  // namespace samtal
