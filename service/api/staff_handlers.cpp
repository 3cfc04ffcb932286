// /api/v1/staff/: what staff and operators see. Every route needs a staff token.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/core/interpreter_request.hpp"

namespace samtal {

void add_staff_routes(staff_services services, router& routes) {
    auto api = std::make_shared<const staff_services>(std::move(services));
    // Invitations that failed at least once and are not delivered: the dead ones need a
    // person; the pending ones are being retried.
    routes.add(staff_route(
        http::verb::get, "/api/v1/staff/deliveries", 0, {"operator", "manager"}, api->staff,
        api->problems, [api](request&& req, respond_fn respond, const staff_identity&) {
            api->run_blocking(req, respond, [api, req] {
                boost::json::array problems;
                for (const auto& message : api->outbox.problems(200)) {
                    boost::json::object problem{{"id", message.id},
                                                {"booking", message.booking_id},
                                                {"method", method_name(message.method)},
                                                {"status", message.status},
                                                {"attempts", message.attempts},
                                                {"last_error", message.last_error}};
                    // A message to the interpreter agency names its request, not an advisor.
                    if (message.interpreter_request)
                        problem["interpreter_request"] =
                            interpreter_reference_of(message.interpreter_request);
                    else
                        problem["advisor"] = message.advisor;
                    problems.push_back(std::move(problem));
                }
                boost::json::object counts;
                for (const auto& [status, count] : api->outbox.counts()) counts[status] = count;
                return json_response(http::status::ok,
                                     boost::json::object{{"counts", std::move(counts)},
                                                         {"problems", std::move(problems)}},
                                     req);
            });
        }));

    // Three-way calls the service sets up at a phone conversation's start. A dead one means
    // the advisor had to conference the interpreter in by hand; a pending one with attempts
    // is being retried (or still waits for the interpreter's number).
    routes.add(staff_route(
        http::verb::get, "/api/v1/staff/conference-calls", 0, {"operator", "manager"}, api->staff,
        api->problems, [api](request&& req, respond_fn respond, const staff_identity&) {
            api->run_blocking(req, respond, [api, req] {
                boost::json::array problems;
                for (const auto& job : api->dial_jobs.problems(200))
                    problems.push_back(boost::json::object{
                        {"booking", job.booking_id},
                        {"due_at",
                         format_utc(sys_seconds{std::chrono::seconds{job.due_at_ms / 1000}},
                                    "%Y-%m-%dT%H:%M:%SZ")},
                        {"status", job.status},
                        {"attempts", job.attempts},
                        {"dialled", job.dialled},
                        {"last_error", job.last_error}});
                boost::json::object counts;
                for (const auto& [status, count] : api->dial_jobs.counts()) counts[status] = count;
                return json_response(http::status::ok,
                                     boost::json::object{{"counts", std::move(counts)},
                                                         {"problems", std::move(problems)}},
                                     req);
            });
        }));
}

}  // namespace samtal
