#include "service/edge/failure_answers.hpp"

#include <array>

namespace samtal {
namespace {

struct entry {
    failure_kind failure;
    failure_answer answer;
};

constexpr std::array<entry, 6> k_answers{{
    {failure_kind::invalid_input, {problem_kind::validation_failed, "bad_request"}},
    {failure_kind::not_found, {problem_kind::booking_not_found, "not_found"}},
    {failure_kind::slot_taken, {problem_kind::slot_taken, "unavailable"}},
    {failure_kind::unavailable, {problem_kind::unavailable, "unavailable"}},
    {failure_kind::conflict, {problem_kind::version_conflict, "unavailable"}},
    {failure_kind::forbidden, {problem_kind::forbidden, "unavailable"}},
}};

}  // namespace

const failure_answer& answer_to(failure_kind kind) {
    for (const auto& known : k_answers)
        if (known.failure == kind) return known.answer;
    // A kind added to the core without a line here is a programmer's error: answer it as the
    // store failing, never as success.
    static constexpr failure_answer k_internal{problem_kind::internal_error, "unavailable"};
    return k_internal;
}

}  // namespace samtal
