#include "service/edge/failure_answers.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

TEST(failure_answers, each_failure_of_the_core_has_the_status_the_api_documents) {
    struct expected {
        failure_kind failure;
        problem_kind problem;
        http::status status;
    };
    for (const auto& [failure, problem, status] : {
             expected{failure_kind::invalid_input, problem_kind::validation_failed,
                      http::status::unprocessable_entity},
             expected{failure_kind::not_found, problem_kind::booking_not_found,
                      http::status::not_found},
             expected{failure_kind::slot_taken, problem_kind::slot_taken, http::status::conflict},
             expected{failure_kind::unavailable, problem_kind::unavailable,
                      http::status::service_unavailable},
         }) {
        SCOPED_TRACE(static_cast<int>(failure));
        EXPECT_EQ(answer_to(failure).problem, problem);
        EXPECT_EQ(status_of(failure), status);
        EXPECT_FALSE(answer_to(failure).page.empty());
    }
}

}  // namespace
}  // namespace samtal
