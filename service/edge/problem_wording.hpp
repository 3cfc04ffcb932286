// Problem responses (application/problem+json) worded in the language the request asks for:
// the title from the message catalogue, and each field error's message.
#pragma once

#include <vector>

#include "service/core/result.hpp"
#include "service/http/problem.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {

class problem_wording {
public:
    explicit problem_wording(const message_catalog& messages) : messages_(messages) {}

    response operator()(problem_kind kind, const request& req,
                        const std::vector<field_error>& fields = {}) const;
    // The problem for a failure of the booking core (service/edge/failure_answers.hpp).
    response operator()(const failure& error, const request& req) const;

private:
    const message_catalog& messages_;
};

}  // namespace samtal
