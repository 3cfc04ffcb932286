// The store as the booking core needs it. The core owns this interface; store/booking_store
// implements it on SQLite. Every method is one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"

namespace samtal {

// One advisor who could hold a conversation, with what follows from choosing them.
struct assignment {
    std::string advisor;
    std::string site;
    bool interpreter = false;  // the parent asked for a language this advisor does not speak
};

class booking_repository {
public:
    virtual ~booking_repository() = default;

    // The unit's booked conversations that start in [from, to).
    virtual std::vector<busy_period> busy_periods(const std::string& unit, sys_minutes from,
                                                  sys_minutes to) = 0;

    // Stores the booking with the first of `candidates` whose time (with `buffer` after it) the
    // database lets it claim, and the sealed contact data, all or nothing; when the chosen
    // advisor needs an interpreter and the unit orders them from an agency, the `interpreter`
    // request too. Returns the stored record (id and assignment set), or nullopt when every
    // candidate's time was taken meanwhile.
    virtual std::optional<booking_record> insert(
        booking_record booking, const std::vector<assignment>& candidates,
        std::chrono::minutes buffer, const std::string& code_hash,
        const std::optional<sealed_contact>& contact,
        const std::optional<interpreter_order>& interpreter) = 0;

    // The booked (not cancelled) booking with this code hash.
    virtual std::optional<booking_record> find_booked(const std::string& code_hash) = 0;

    // The booking's sealed contact data, while it exists.
    virtual std::optional<sealed_contact> contact_of(std::int64_t booking_id) = 0;

    // Marks the booking cancelled, frees its time, withdraws its interpreter request and
    // destroys its contact data.
    virtual std::optional<booking_record> cancel(std::int64_t booking_id) = 0;

    // Moves the booking to [start, end) with the first of `candidates` whose time it can claim,
    // and its interpreter request with it (opened or withdrawn as the new advisor needs);
    // nullopt (and nothing changed) when none can, or when its sequence is no longer
    // `expected_sequence`.
    virtual std::optional<booking_record> move(std::int64_t booking_id, sys_minutes start,
                                               sys_minutes end,
                                               const std::vector<assignment>& candidates,
                                               std::chrono::minutes buffer,
                                               sys_minutes destroy_contact_after,
                                               const std::optional<interpreter_order>& interpreter,
                                               std::optional<int> expected_sequence) = 0;

    // The booking with this calendar UID, in any status.
    virtual std::optional<booking_record> find_by_uid(const std::string& calendar_uid) = 0;

    // The unit's booked conversations that start in [from, to), in order of start.
    virtual std::vector<booking_record> booked_between(const std::string& unit, sys_minutes from,
                                                       sys_minutes to) = 0;

    // Records what became of a booked conversation; nullopt when it is not booked.
    virtual std::optional<booking_record> record_outcome(std::int64_t booking_id,
                                                         const std::string& outcome) = 0;
};

}  // namespace samtal
