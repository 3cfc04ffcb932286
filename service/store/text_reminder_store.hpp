// The text_reminders table: the parents' reminders the day before a phone conversation, their
// attempts and their fate. A row holds no number and no text; the sender opens the booking's
// sealed contact and composes the text when it sends.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/core/text_reminder.hpp"
#include "service/store/database.hpp"

namespace samtal {

struct text_reminder {
    std::int64_t booking_id = 0;
    std::string language;  // the page language the parent booked in
    std::int64_t due_at_ms = 0;
    std::string status;  // "pending", "sending", "sent", "dead" or "skipped"
    int attempts = 0;
    std::string provider_id;  // the provider's id of the message it took
    std::string last_error;   // a short class of failure, never a number or text
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
    explicit text_reminder_store(database& db) : db_(db) {}

    // Pending reminders due at `now_ms`, earliest first.
    std::vector<text_reminder> due(std::int64_t now_ms, int limit);

    // Marks the reminder as being sent and counts the attempt, if it is still pending and
    // unchanged; returns it as it now is. Committed before the provider is asked, so that a
    // crash mid-send leaves it "sending", never sent again.
    std::optional<text_reminder> begin_attempt(const text_reminder& reminder);

    // The booking and its sealed contact data, as the sender needs them.
    struct send_context {
        booking_record booking;
        std::optional<sealed_contact> contact;
    };
    std::optional<send_context> context(std::int64_t booking_id);

    // Stores what the attempt came to (status, due_at_ms, provider_id, last_error), unless the
    // booking moved meanwhile and the reminder started over.
    void record(const text_reminder& reminder);

    // The booking's reminder, whatever its status.
    std::optional<text_reminder> of(std::int64_t booking_id);

    // Number of reminders by status.
    std::map<std::string, std::int64_t> counts();

private:
    database& db_;
};

}  // namespace samtal
