// The text_reminders table: the parents' reminders the day before a phone conversation, their
// attempts and their fate. A row holds no number and no text; the sender opens the booking's
// sealed contact and composes the text when it sends.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/core/text_reminder.hpp"
#include "service/store/database.hpp"
#include "service/store/row_leases.hpp"

namespace samtal {

struct text_reminder {
    std::int64_t booking_id = 0;
    std::string language;  // the page language the parent booked in
    std::int64_t due_at_ms = 0;
    std::string status;  // "pending", "sending", "sent", "dead" or "skipped"
    int attempts = 0;
    std::string provider_id;  // the provider's id of the message it took
    std::string last_error;   // a short class of failure, never a number or text
    std::string lease;        // the lease it was claimed under (store/row_leases.hpp)
};

// Inside the caller's write transaction, while a booking is made: the parent asked for a
// reminder in `language`. write_text_reminder_plan() plans it in the same transaction.
void ask_for_text_reminder(database::connection& db, std::int64_t booking_id,
                           const std::string& language);

// Inside the caller's write transaction, after a booking change: the booking's reminder goes
// as `plan` says (moved to a new time, it starts over; a change that keeps the time leaves it
// as it is, so a reminder sent is never sent again); without a plan it is dropped.
void write_text_reminder_plan(database::connection& db, const booking_record& booking,
                              const std::optional<text_reminder_plan>& plan);

class text_reminder_store {
public:
    explicit text_reminder_store(database& db);

    // Claims at most `limit` pending reminders due at `now_ms` that no instance holds, for
    // `lease`, marks them as being sent and counts the attempt; earliest first, as they now
    // are. Committed before the provider is asked, so that a crash mid-send leaves a reminder
    // "sending", never sent again (by this instance or another): a text cannot be taken back.
    std::vector<text_reminder> claim_due(std::int64_t now_ms, int limit,
                                         std::chrono::milliseconds lease);

    // The booking and its sealed contact data, as the sender needs them.
    struct send_context {
        booking_record booking;
        std::optional<sealed_contact> contact;
    };
    std::optional<send_context> context(std::int64_t booking_id);

    // Ends the lease the reminder was claimed under without an attempt: due again at once.
    void give_back(const text_reminder& reminder);

    // Stores what the attempt came to (status, due_at_ms, provider_id, last_error), unless the
    // booking moved meanwhile and the reminder started over (which ends the lease it was
    // claimed under).
    void record(const text_reminder& reminder);

    // The booking's reminder, whatever its status.
    std::optional<text_reminder> of(std::int64_t booking_id);

    // Number of reminders by status.
    std::map<std::string, std::int64_t> counts();

private:
    database& db_;
    row_leases leases_;
};

}  // namespace samtal
