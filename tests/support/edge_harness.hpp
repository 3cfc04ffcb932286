// What the web pages' and the API's handlers are built from, in memory, for tests that call
// a route's handler directly without starting the binary: the test unit's config, the booking
// core on a fake repository with a fixed clock, the message catalogues, and blocking work run
// at once on the calling thread.
#pragma once

#include <gtest/gtest.h>

#include <optional>

#include "adapters/meetings/registry.hpp"
#include "service/core/booking_service.hpp"
#include "service/core/follow_up.hpp"
#include "service/edge/parent_calendar_file.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/access_log.hpp"
#include "service/http/answer_cache.hpp"
#include "service/http/blocking_work.hpp"
#include "service/http/metrics.hpp"
#include "service/http/router.hpp"
#include "service/i18n/messages.hpp"
#include "service/web/form_token.hpp"
#include "support/fake_booking_repository.hpp"
#include "support/fake_follow_up_repository.hpp"
#include "support/test_config.hpp"

namespace samtal::testing {

// Monday 30 November 2026 07:00 in Stockholm: 09:00 that day is bookable with two hours'
// notice.
inline const sys_seconds k_harness_now =
    sys_seconds{date::sys_days{date::year{2026} / 11 / 30} + std::chrono::hours{6}};

struct edge_harness {
    config settings = test_config();
    fake_booking_repository repository;
    secret_key code_key{1};
    sealed_box contact_box{secret_key{2}};
    sys_seconds now = k_harness_now;
    advisor_roster roster{settings.units};
    booking_service bookings{
        settings.units,        roster, repository, code_key, contact_box, find_meeting_platform,
        [this] { return now; }};
    fake_follow_up_repository follow_up_answers;
    follow_up_service follow_ups{settings.units, bookings, follow_up_answers, code_key};
    message_catalog messages = message_catalog::embedded();
    problem_wording problems{messages};
    form_token_signer form_tokens{code_key};
    parent_calendar_files calendars{settings.units, roster, messages, [this] { return now; }};
    answer_cache cache;
    metrics stats;
    access_log log;
    run_blocking_fn run_blocking = [](const request&, respond_fn respond,
                                      std::function<reply()> work) { respond(work()); };
    router routes;

    // Calls the handler `routes` has for the request's method and path, and returns what it
    // answered (handlers here answer before they return).
    reply call(request req) {
        auto match = routes.find(req.method(), req.target());
        if (!match.found) {
            ADD_FAILURE() << "no route for " << req.target();
            return {};
        }
        req.prepare_payload();
        std::optional<reply> answer;
        match.found->handler(std::move(req), [&](reply res) { answer = std::move(res); });
        if (!answer) {
            ADD_FAILURE() << "the handler did not answer";
            return {};
        }
        return std::move(*answer);
    }
};

inline request make_request(http::verb method, std::string target, std::string content_type = "",
                            std::string body = "") {
    request req{method, target, 11};
    req.set(http::field::host, "samtal.test");
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    req.body() = std::move(body);
    return req;
}

}  // namespace samtal::testing
