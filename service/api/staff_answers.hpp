// How the staff API answers a failure: as the edge's one table says (failure_answers), except
// that what is not there is plainly "not found", not the parent-facing "booking not found".
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "service/core/result.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {

inline response staff_problem(const problem_wording& problems, const failure& error,
                              const request& req) {
    if (error.kind == failure_kind::not_found) return problems(problem_kind::not_found, req);
    return problems(error, req);
}

// The version a staff write was based on: If-Match ("3" or W/"3", as ETag gave it), else the
// body's `version`; nullopt when neither says.
inline std::optional<int> version_written_against(const request& req,
                                                  std::optional<std::int64_t> in_body) {
    auto header = std::string(req[http::field::if_match]);
    if (header.starts_with("W/")) header.erase(0, 2);
    if (header.size() >= 2 && header.front() == '"' && header.back() == '"')
        header = header.substr(1, header.size() - 2);
    if (auto version = parse_version(header)) return version;
    if (in_body && *in_body >= 0 && *in_body < 1'000'000'000) return int(*in_body);
    return std::nullopt;
}

}  // namespace samtal
