// The one table from a failure of the booking core to what the edge answers with: the API's
// problem kind (and so the HTTP status, service/http/problem.hpp) and the error page a browser
// gets when no page of its own answers that failure.
#pragma once

#include <string_view>

#include "service/core/result.hpp"
#include "service/http/problem.hpp"

namespace samtal {

struct failure_answer {
    problem_kind problem;
    // Names the error page's texts ("error_page.<page>_heading", "error_page.<page>").
    std::string_view page;
};

const failure_answer& answer_to(failure_kind kind);

// The HTTP status of a failure, for the API's problems and the pages alike.
inline http::status status_of(failure_kind kind) { return status_of(answer_to(kind).problem); }

}  // namespace samtal
