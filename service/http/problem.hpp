// Errors as application/problem+json (RFC 9457). One table maps each kind of problem to its
// HTTP status and stable type; titles and field messages come in the request's language.
#pragma once

#include <string>
#include <vector>

#include "service/http/router.hpp"

namespace samtal {

enum class problem_kind {
    validation_failed,
    malformed_json,
    unsupported_media_type,
    not_found,
    booking_not_found,
    slot_taken,
    version_conflict,
    too_many_requests,
    unauthorized,
    forbidden,
    method_not_allowed,
    payload_too_large,
    header_too_large,
    bad_request,
    unavailable,
    internal_error,
};

struct problem_field {
    std::string field;
    std::string code;
    std::string message;
};

http::status status_of(problem_kind kind);
// The stable part of the type URI, e.g. "validation-failed" for "/problems/validation-failed".
std::string_view type_name_of(problem_kind kind);

response problem_response(problem_kind kind, std::string_view title,
                          const std::vector<problem_field>& fields, unsigned version,
                          bool keep_alive);

// Words a problem in the language a request asks for (messages live in i18n/messages).
using problem_writer = std::function<response(problem_kind kind, const request& req)>;

}  // namespace samtal
