// Interpreter requests for staff (/api/v1/staff/interpreter-requests: the day's requests, answers
// entered by hand, re-requests) and the agencies' signed callback.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_small_body_limit = 4 * 1024;
constexpr std::size_t k_callback_body_limit = 16 * 1024;
// Where the agency's callback carries its signature (docs/interpreter-agency-api.md).
constexpr std::string_view k_callback_timestamp_header = "Samtal-Timestamp";
constexpr std::string_view k_callback_signature_header = "Samtal-Signature";

// A request as staff see it. The interpreter's number is not here: it is in the advisor's
// invitation, the one place it is needed.
boost::json::object request_json(application& app, const interpreter_request& request,
                                 bool needs_action) {
    const auto* unit = app.settings().find_unit(request.unit);
    const auto& zone = unit ? app.bookings().zone_of(*unit) : *find_time_zone("UTC");
    boost::json::array modes;
    for (const auto& mode : request.modes) modes.emplace_back(mode);
    boost::json::object out{
        {"reference", request.reference()},
        {"booking", request.booking_id},
        {"unit", request.unit},
        {"agency", request.agency},
        {"status", status_name(request.status)},
        {"needs_action", needs_action},
        {"language", request.language},
        {"competence", boost::json::object{{"level", request.competence},
                                           {"required", request.competence_required}}},
        {"modes", std::move(modes)},
        {"start", format_rfc3339(request.start, zone)},
        {"end", format_rfc3339(request.end, zone)},
        {"answer_by", format_rfc3339(request.answer_by, zone)}};
    if (!request.dialect.empty()) out["dialect"] = request.dialect;
    if (!request.gender.empty()) out["gender"] = request.gender;
    if (request.status == interpreter_status::confirmed)
        out["interpreter"] = boost::json::object{{"reference", request.interpreter_reference},
                                                 {"joins_by", request.joins_by}};
    return out;
}

// Every staff role may follow interpreter requests; advisors and managers, who arrange the
// conversations, enter answers and ask again.
bool refuse_unless(application& app, const request& req, const respond_fn& respond,
                   std::initializer_list<std::string_view> roles) {
    auto role = app.staff_role(req);
    if (!role) {
        respond(app.problem(problem_kind::unauthorized, req));
        return true;
    }
    if (std::find(roles.begin(), roles.end(), *role) != roles.end()) return false;
    respond(app.problem(problem_kind::forbidden, req));
    return true;
}

// A request that is not there is "not found", not the parent-facing "booking not found".
response request_problem(application& app, const failure& error, const request& req) {
    if (error.kind == failure_kind::not_found) return app.problem(problem_kind::not_found, req);
    return app.problem(error, req);
}

}  // namespace

void add_interpreter_routes(application& app, router& routes) {
    routes.add(
        {http::verb::get, "/api/v1/staff/interpreter-requests", 0,
         [&app](request&& req, respond_fn respond) {
             if (refuse_unless(app, req, respond, {"advisor", "manager", "operator"})) return;
             app.run_blocking(req, respond, [&app, req] {
                 auto listed = app.interpreters().list(query_parameter(req.target(), "unit"),
                                                       query_parameter(req.target(), "day"),
                                                       query_parameter(req.target(), "status"));
                 if (!listed) return request_problem(app, listed.error(), req);
                 boost::json::array requests;
                 for (const auto& entry : listed.value())
                     requests.push_back(request_json(app, entry.request, entry.needs_action));
                 return json_response(http::status::ok,
                                      boost::json::object{{"requests", std::move(requests)}}, req);
             });
         }});

    // Confirmed (with the interpreter's reference and how they join) or declined, as the
    // agency answered by mail or phone.
    routes.add({http::verb::post, "/api/v1/staff/interpreter-requests/answer", k_small_body_limit,
                [&app](request&& req, respond_fn respond) {
                    if (refuse_unless(app, req, respond, {"advisor", "manager"})) return;
                    auto body = json_body(app, req, respond);
                    if (!body) return;
                    json_fields fields(*body);
                    staff_answer answer{fields.text("reference"), fields.text("status"),
                                        fields.text("interpreter_reference"),
                                        fields.text("joins_by"), fields.text("phone")};
                    auto errors = fields.errors();
                    if (!errors.empty())
                        return respond(app.problem(problem_kind::validation_failed, req, errors));
                    app.run_blocking(req, respond, [&app, req, answer] {
                        auto answered = app.interpreters().answer(answer);
                        if (!answered) return request_problem(app, answered.error(), req);
                        app.stats().count("interpreter_answers_entered");
                        return json_response(http::status::ok,
                                             request_json(app, answered.value(), false), req);
                    });
                }});

    routes.add({http::verb::post, "/api/v1/staff/interpreter-requests/request-again",
                k_small_body_limit, [&app](request&& req, respond_fn respond) {
                    if (refuse_unless(app, req, respond, {"advisor", "manager"})) return;
                    auto body = json_body(app, req, respond);
                    if (!body) return;
                    json_fields fields(*body);
                    auto reference = fields.text("reference");
                    auto errors = fields.errors();
                    if (!errors.empty())
                        return respond(app.problem(problem_kind::validation_failed, req, errors));
                    app.run_blocking(req, respond, [&app, req, reference] {
                        auto opened = app.interpreters().request_again(reference);
                        if (!opened) return request_problem(app, opened.error(), req);
                        app.stats().count("interpreter_requests_repeated");
                        return json_response(http::status::created,
                                             request_json(app, opened.value(), false), req);
                    });
                }});

    // The agency's answer. Nothing is read from the body before its signature and timestamp
    // are checked; a refused callback changes nothing.
    routes.add({http::verb::post, "/api/v1/interpreter-agencies/callback", k_callback_body_limit,
                [&app](request&& req, respond_fn respond) {
                    app.run_blocking(req, respond, [&app, req] {
                        auto verdict = app.interpreters().agency_callback(
                            query_parameter(req.target(), "unit"), req[k_callback_timestamp_header],
                            req[k_callback_signature_header], req.body());
                        switch (verdict) {
                            case callback_verdict::accepted: {
                                app.stats().count("interpreter_callbacks_accepted");
                                response res{http::status::no_content, req.version()};
                                res.keep_alive(req.keep_alive());
                                return res;
                            }
                            case callback_verdict::unknown_request:
                                return app.problem(problem_kind::not_found, req);
                            case callback_verdict::malformed:
                                return app.problem(problem_kind::bad_request, req);
                            case callback_verdict::refused:
                            case callback_verdict::replayed:
                                break;
                        }
                        app.stats().count("interpreter_callbacks_refused");
                        return app.problem(problem_kind::unauthorized, req);
                    });
                }});
}

}  // namespace samtal
