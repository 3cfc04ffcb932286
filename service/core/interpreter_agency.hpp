// An interpreter agency as the core needs it. Adapters under adapters/interpreters/ implement it
// (email: an iMIP request to the agency's mailbox; http: the agency's REST API); the outbox
// worker sends through it and the agency poller asks it.
#pragma once

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

class interpreter_agency {
public:
    virtual ~interpreter_agency() = default;

    // Makes the agency's copy of the request what `request` says (creates it the first time,
    // updates it after); the agency's id for a new one goes into `agency_id`. Blocking; must be
    // idempotent for the same request and sequence.
    virtual delivery_result send(const agency_request& request, std::string& agency_id) = 0;

    // Tells the agency the request is withdrawn.
    virtual delivery_result withdraw(const agency_request& request) = 0;

    // Where the agency says the request stands, for agencies that can be asked; nullopt when
    // it cannot be asked or did not answer usably.
    virtual std::optional<interpreter_answer> status(const agency_request& request) = 0;
};

using interpreter_agency_ptr = std::unique_ptr<interpreter_agency>;

}  // namespace samtal
