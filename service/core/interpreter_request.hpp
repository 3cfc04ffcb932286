// An interpreter order to an agency, modelled on how Swedish public bodies order interpreters
// (the framework agreements' ordering form): language and dialect, competence level and whether
// it is required or only desired, gender preference, how the interpreter works in order of
// preference, the time, the unit's reference and the latest answer. It carries nothing that
// identifies the parent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/core/wall_time.hpp"

namespace samtal {

enum class interpreter_status { requested, confirmed, declined, expired, cancelled };

std::string_view status_name(interpreter_status status);
std::optional<interpreter_status> parse_interpreter_status(std::string_view name);

// What a new request takes from the unit's settings and the booking; the store adds the
// booking's language, dialect and time.
struct interpreter_order {
    std::string agency;      // "email" or "http"
    std::string competence;  // "authorised", "trained" or "other"
    bool competence_required = false;
    std::string gender;              // "", "female" or "male"
    std::vector<std::string> modes;  // "phone", "video": the most wanted first
    sys_minutes answer_by;
};

// The unit's reference for the request with this id: "IR-000042".
std::string interpreter_reference_of(std::int64_t request_id);

struct interpreter_request {
    std::int64_t id = 0;
    std::int64_t booking_id = 0;
    std::string unit;
    std::string agency;
    std::string language;
    std::string dialect;
    std::string competence;
    bool competence_required = false;
    std::string gender;
    std::vector<std::string> modes;
    sys_minutes start;
    sys_minutes end;
    sys_minutes answer_by;
    interpreter_status status = interpreter_status::requested;
    std::string agency_id;
    std::string interpreter_reference;  // the agency's name for the interpreter, once confirmed
    std::string joins_by;               // "phone" or "video", once confirmed
    std::string calendar_uid;
    int sequence = 0;

    // The unit's reference, as the agency and staff see it.
    std::string reference() const { return interpreter_reference_of(id); }
    bool open() const {
        return status == interpreter_status::requested || status == interpreter_status::confirmed;
    }
};

// The request id in a reference, or nullopt when it is not one.
std::optional<std::int64_t> parse_interpreter_reference(std::string_view reference);

// An agency's answer, from staff (email agencies) or the agency's callback or status (http).
struct interpreter_answer {
    interpreter_status status = interpreter_status::requested;  // confirmed or declined
    std::string interpreter_reference;
    std::string joins_by;  // confirmed: "phone" or "video"
    std::string phone;     // joins by phone: the number, as typed
};

// The latest answer the agency is asked for: the earlier of `within` after booking and
// `before_start` before the conversation, but never before the booking itself; a booking
// too close to its start for that gets until `within` after booking or the start.
sys_minutes answer_deadline(sys_minutes booked_at, sys_minutes start, std::chrono::minutes within,
                            std::chrono::minutes before_start);

// How an interpreter can work in a conversation on this channel, the most wanted first.
std::vector<std::string> interpreter_modes(std::string_view channel);

bool is_interpreter_gender(std::string_view gender);

}  // namespace samtal
