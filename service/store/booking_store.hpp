// The booking tables: the core's booking_repository.
#pragma once

#include <functional>

#include "service/core/booking_effects.hpp"
#include "service/core/booking_repository.hpp"
#include "service/store/database.hpp"

namespace samtal {

// The booking with this id, in any status, inside the caller's transaction.
// Times are stored as Unix seconds.
std::int64_t unix_seconds(sys_minutes t);
sys_minutes from_unix_seconds(std::int64_t seconds);

std::optional<booking_record> find_booking_by_id(database::connection& db, std::int64_t booking_id);

// A conversation that is over, with no contact data, for filling a store to measure against
// (samtal generate-history, scripts/bench).
struct past_booking {
    std::string unit;
    std::string site;
    std::string advisor;
    sys_minutes start;
    sys_minutes end;
    bool cancelled = false;
};

// Inside the caller's write transaction; returns its id.
std::int64_t insert_past_booking(database::connection& db, const past_booking& booking);

class booking_store : public booking_repository {
public:
    // Whether the service bridges a booking's call (core/telephony.hpp: bridges_call), so that
    // its dial job is written in the same transaction as the booking change. Empty: never.
    using call_bridging = std::function<bool(const booking_record&)>;

    // When a booking's text reminder goes (core/text_reminder.hpp: plan_text_reminder, with
    // the booking's unit and the clock), so that it is planned in the same transaction as the
    // booking change. Empty: no reminder is ever planned.
    using reminder_planning =
        std::function<std::optional<text_reminder_plan>(const booking_record&)>;

    explicit booking_store(database& db, call_bridging bridges_call = {},
                           reminder_planning reminder_plan = {})
        : db_(db),
          bridges_call_(std::move(bridges_call)),
          reminder_plan_(std::move(reminder_plan)) {}

    std::vector<busy_period> busy_periods(const std::string& unit, sys_minutes from,
                                          sys_minutes to) override;
    std::optional<booking_record> insert(
        booking_record booking, const std::vector<assignment>& candidates,
        std::chrono::minutes buffer, const std::string& code_hash,
        const std::optional<sealed_contact>& contact,
        const std::optional<interpreter_order>& interpreter) override;
    std::optional<booking_record> find_booked(const std::string& code_hash) override;
    std::optional<sealed_contact> contact_of(std::int64_t booking_id) override;
    std::optional<booking_record> cancel(std::int64_t booking_id) override;
    std::optional<booking_record> move(std::int64_t booking_id, sys_minutes start, sys_minutes end,
                                       const std::vector<assignment>& candidates,
                                       std::chrono::minutes buffer,
                                       sys_minutes destroy_contact_after,
                                       const std::optional<interpreter_order>& interpreter,
                                       std::optional<int> expected_sequence) override;
    std::optional<booking_record> find_by_uid(const std::string& calendar_uid) override;
    std::vector<booking_record> booked_between(const std::string& unit, sys_minutes from,
                                               sys_minutes to) override;
    std::optional<booking_record> record_outcome(std::int64_t booking_id,
                                                 const std::string& outcome) override;

    // Destroys the contact data (and confirmed interpreters' numbers) of every booking whose
    // conversation is over plus its grace period (overwritten, then deleted; freed pages are
    // zeroed by secure_delete), and folds
    // the WAL into the file so the old bytes are gone from it too. Returns how many.
    int destroy_expired_contacts(sys_seconds now);

    // The ids of the keys that sealed the contact data still kept: each must be one the
    // service holds, or those conversations cannot be held.
    std::vector<std::string> contact_key_ids();

    // Drops the claims on advisors' time that ended before `now`: they only ever stop double
    // booking of times still to come, and would otherwise pile up with history.
    int forget_past_claims(sys_seconds now);

private:
    // Writes what the core's rules say `change` causes (core/booking_effects.hpp), inside the
    // change's transaction; `order` is the interpreter order for the booking as it now is.
    // Returns the booking as the change left it.
    booking_record apply_rules(database::connection& db, const booking_change& change,
                               const std::optional<interpreter_order>& order) const;

    database& db_;
    call_bridging bridges_call_;
    reminder_planning reminder_plan_;
};

}  // namespace samtal
