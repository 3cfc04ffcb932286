// The interpreter request lifecycle after the booking opened the request: answers entered by
// staff or sent by an agency's signed callback, re-requests after a decline or no answer, the
// day's requests for staff, and the confirmed interpreter's number for the telephony bridge.
// Synchronous and free of HTTP; the HTTP layer runs it off the I/O threads.
#pragma once

#include <functional>

#include "service/config/config.hpp"
#include "service/core/clock.hpp"
#include "service/core/interpreter_agency.hpp"
#include "service/core/result.hpp"
#include "service/privacy/sealed_box.hpp"
#include "service/store/interpreter_store.hpp"

namespace samtal {

// What staff type to confirm or decline a request by hand (email agencies).
struct staff_answer {
    std::string reference;  // "IR-000042"
    std::string status;     // "confirmed" or "declined"
    std::string interpreter_reference;
    std::string joins_by;  // confirmed: "phone" or "video"
    std::string phone;     // joins by phone
};

enum class callback_verdict { accepted, refused, replayed, unknown_request, malformed };

class interpreter_service {
public:
    // The unit's agency (adapters/interpreters/registry.hpp), or nullptr when it has none.
    using agency_lookup = std::function<interpreter_agency*(const unit_config&)>;

    // `after_change` runs after every committed change (the outbox worker is woken with it).
    interpreter_service(
        const config& settings, interpreter_store& store, const sealed_box& contact_box,
        agency_lookup agencies, clock now, std::function<void()> after_change = [] {});

    // The unit's requests for conversations on `day` (YYYY-MM-DD, the unit's wall time; empty:
    // today), optionally of one status. `unit` may be empty when there is only one.
    result<std::vector<interpreter_store::listed>> list(const std::string& unit,
                                                        const std::string& day,
                                                        const std::string& status);

    // `unit`: the answering staff member's; a request of another unit is not found.
    result<interpreter_request> answer(const staff_answer& answer, std::string_view unit = {});
    // A new request for the booking of a declined or expired one (which must be its latest).
    result<interpreter_request> request_again(const std::string& reference);

    // An agency's callback to the unit, checked by the unit's agency before anything is read
    // from it; nothing changes unless it is accepted.
    callback_verdict agency_callback(const std::string& unit, std::string_view timestamp,
                                     std::string_view signature, std::string_view body);

    // Asks each agency that can be asked about its requests still open that were not asked
    // about for its poll interval, and records the answers; then expires requests past their
    // deadline. Blocking (calls the agencies); run off the I/O threads.
    void follow_up(const std::function<std::optional<interpreter_answer>(
                       const unit_config&, const interpreter_request&)>& ask_agency);

    // The phone number of the booking's confirmed interpreter who joins by phone, for dialling
    // them into the call; nullopt when there is none (or it is destroyed already).
    std::optional<std::string> confirmed_interpreter_phone(std::int64_t booking_id);

private:
    // Checks an answer and records it; an agency's callback comes with its event.
    result<interpreter_request> record(const unit_config& unit, const interpreter_request& request,
                                       const interpreter_answer& answer,
                                       const std::optional<agency_event>& event,
                                       answer_outcome& outcome);

    const config& settings_;
    interpreter_store& store_;
    const sealed_box& box_;
    agency_lookup agencies_;
    clock now_;
    std::function<void()> after_change_;
};

}  // namespace samtal
