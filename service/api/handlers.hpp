// The JSON API and the operator endpoints, one registration function per resource, each with
// exactly the services its handlers use (built by the wiring in service/app/application.cpp, or
// by a test with fakes).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "service/api/staff_auth.hpp"
#include "service/core/booking_service.hpp"
#include "service/core/follow_up.hpp"
#include "service/core/statistics.hpp"
#include "service/core/unit.hpp"
#include "service/edge/parent_calendar_file.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/answer_cache.hpp"
#include "service/http/blocking_work.hpp"
#include "service/http/metrics.hpp"
#include "service/i18n/messages.hpp"
#include "service/interpreters/interpreter_service.hpp"
#include "service/staff/staff_service.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/outbox_store.hpp"

namespace samtal {

// /healthz, /readyz, /metrics, /api/v1/openapi.yaml
struct operator_services {
    std::function<bool()> store_writable;       // the store takes a write
    std::function<bool()> outbox_worker_alive;  // invitations are being delivered
    // The ids of keys that sealed contact data still kept but are not among the service's
    // seal keys (current or previous): those conversations' invitations cannot go out.
    std::function<std::vector<std::string>()> missing_seal_keys;
    const metrics& stats;
    run_blocking_fn run_blocking;
};
void add_operator_routes(operator_services services, router& routes);

// /api/v1/units, /api/v1/availability
struct unit_services {
    const std::vector<unit_config>& units;
    booking_service& bookings;
    const message_catalog& messages;
    // A week's free times, kept until the bookings change or the minute turns.
    answer_cache& availability_answers;
    const problem_wording& problems;
    run_blocking_fn run_blocking;
};
void add_unit_routes(unit_services services, router& routes);

// /api/v1/bookings, /api/v1/bookings/self[...]
struct booking_services {
    const std::vector<unit_config>& units;  // their time zones
    booking_service& bookings;
    const message_catalog& messages;
    const parent_calendar_files& calendars;
    const problem_wording& problems;
    metrics& stats;
    run_blocking_fn run_blocking;
};
void add_booking_routes(booking_services services, router& routes);

// /api/v1/staff/deliveries, /api/v1/staff/conference-calls (staff token required)
struct staff_services {
    const staff_auth& staff;
    outbox_store& outbox;
    dial_job_store& dial_jobs;
    const problem_wording& problems;
    run_blocking_fn run_blocking;
};
void add_staff_routes(staff_services services, router& routes);

// /api/v1/staff/interpreter-requests[...] and the agencies' signed callback
struct interpreter_services {
    const std::vector<unit_config>& units;  // their time zones
    interpreter_service& interpreters;
    const staff_auth& staff;
    const problem_wording& problems;
    metrics& stats;
    run_blocking_fn run_blocking;
};
void add_interpreter_routes(interpreter_services services, router& routes);

// /api/v1/staff/advisors[...], /api/v1/staff/audit (schedule_handlers.cpp) and
// /api/v1/staff/conversations[...] (conversation_handlers.cpp)
struct schedule_services {
    const std::vector<unit_config>& units;  // their time zones
    staff_service& schedules;
    const staff_auth& staff;
    const problem_wording& problems;
    metrics& stats;
    run_blocking_fn run_blocking;
};
void add_schedule_routes(schedule_services services, router& routes);
void add_conversation_routes(schedule_services services, router& routes);

// POST /api/v1/feedback: the parent's follow-up answers, with the booking code
struct feedback_services {
    follow_up_service& follow_ups;
    const problem_wording& problems;
    metrics& stats;
    run_blocking_fn run_blocking;
};
void add_feedback_routes(feedback_services services, router& routes);

// GET /api/v1/staff/statistics (manager, coordinator)
struct statistics_services {
    const std::vector<unit_config>& units;
    statistics_repository& statistics;
    const staff_auth& staff;
    const problem_wording& problems;
    run_blocking_fn run_blocking;
};
void add_statistics_routes(statistics_services services, router& routes);

}  // namespace samtal
