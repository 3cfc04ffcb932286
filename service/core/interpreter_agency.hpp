// An interpreter agency as the core needs it. Adapters under adapters/interpreters/ implement it
// (email: an iMIP request to the agency's mailbox; http: the agency's REST API); the outbox
// worker sends through it, the agency poller asks it, and the interpreter service has it read
// the agency's callbacks.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "service/core/interpreter_request.hpp"
#include "service/core/invitation_delivery.hpp"

namespace samtal {

// What an agency is sent about one request: the order's fields and, only once an interpreter
// has confirmed that they join by video, the meeting's join link. Nothing else about the
// booking (no phone number, no booking code, no advisor) is ever in it.
struct agency_request {
    interpreter_request request;
    std::string unit_name;
    // Only for the confirmed interpreter of a video conversation:
    std::string join_link;
    std::string join_instructions;
    // The request in readable form as a calendar invitation in the unit's staff language, for
    // agencies that take requests by mail.
    outgoing_invitation invitation;
};

// A callback to the unit as samtal's callback route received it (docs/interpreter-agency-api.md):
// what the agency signed it with, and the exact body.
struct agency_callback {
    std::string_view timestamp;
    std::string_view signature;
    std::string_view body;
};

// A callback older or further ahead than this is refused by every agency, so that a captured
// one cannot be sent again later; its event need be remembered only this long.
inline constexpr std::chrono::minutes k_callback_max_age{5};

// What a callback says once the agency's adapter has checked and read it: an answer, or why
// there is none (not the agency's or not recent: refused; unreadable: malformed).
struct agency_notice {
    enum class reading { answer, refused, malformed };
    reading read = reading::refused;
    std::string event_id;   // the agency's id for the event: a repeat is refused
    std::string reference;  // the unit's reference for the request ("IR-000042")
    interpreter_answer answer;
};

class interpreter_agency {
public:
    virtual ~interpreter_agency() = default;

    // Makes the agency's copy of the request what `request` says (creates it the first time,
    // updates it after); the agency's id for a new one goes into `agency_id`. Blocking; must be
    // idempotent for the same request and sequence.
    virtual outside_call_result send(const agency_request& request, std::string& agency_id) = 0;

    // Tells the agency the request is withdrawn.
    virtual outside_call_result withdraw(const agency_request& request) = 0;

    // Where the agency says the request stands, for agencies that can be asked; nullopt when
    // it cannot be asked or did not answer usably.
    virtual std::optional<interpreter_answer> status(const agency_request& request) = 0;

    // How long to wait before asking again about a request still open; nullopt for an agency
    // that cannot be asked.
    virtual std::optional<std::chrono::seconds> poll_interval() const = 0;

    // Checks that a callback to the unit is the agency's and recent, and reads it. An agency
    // that does not call back refuses every one.
    virtual agency_notice read_callback(const agency_callback& callback, sys_seconds now) const = 0;
};

using interpreter_agency_ptr = std::unique_ptr<interpreter_agency>;

}  // namespace samtal
