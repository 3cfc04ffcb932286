// Interpreter requests for staff (/api/v1/staff/interpreter-requests: the day's requests, answers
// entered by hand, re-requests) and the agencies' signed callback.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/api/staff_answers.hpp"
#include "service/edge/booking_view.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_small_body_limit = 4 * 1024;
constexpr std::size_t k_callback_body_limit = 16 * 1024;
// Where the agency's callback carries its signature (docs/interpreter-agency-api.md).
constexpr std::string_view k_callback_timestamp_header = "Samtal-Timestamp";
constexpr std::string_view k_callback_signature_header = "Samtal-Signature";

// A request as staff see it. The interpreter's number is not here: it is in the advisor's
// invitation, the one place it is needed.
boost::json::object request_json(const std::vector<unit_config>& units,
                                 const interpreter_request& request, bool needs_action) {
    const auto& zone = zone_of_unit(units, request.unit);
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

}  // namespace

void add_interpreter_routes(interpreter_services services, router& routes) {
    auto api = std::make_shared<const interpreter_services>(std::move(services));
    // Every staff role may follow its unit's interpreter requests; advisors, coordinators and
    // managers, who arrange the conversations, enter answers and ask again.
    routes.add(staff_route(
        http::verb::get, "/api/v1/staff/interpreter-requests", 0,
        {"advisor", "coordinator", "manager", "operator"}, api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            api->run_blocking(req, respond, [api, req, unit = requested_unit(req, who)] {
                auto listed = api->interpreters.list(unit, query_parameter(req.target(), "day"),
                                                     query_parameter(req.target(), "status"));
                if (!listed) return staff_problem(api->problems, listed.error(), req);
                boost::json::array requests;
                for (const auto& entry : listed.value())
                    requests.push_back(request_json(api->units, entry.request, entry.needs_action));
                return json_response(http::status::ok,
                                     boost::json::object{{"requests", std::move(requests)}}, req);
            });
        }));

    // Confirmed (with the interpreter's reference and how they join) or declined, as the
    // agency answered by mail or phone.
    routes.add(staff_route(
        http::verb::post, "/api/v1/staff/interpreter-requests/answer", k_small_body_limit,
        {"advisor", "coordinator", "manager"}, api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            staff_answer answer{fields.text("reference"), fields.text("status"),
                                fields.text("interpreter_reference"), fields.text("joins_by"),
                                fields.text("phone")};
            auto errors = fields.errors();
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            api->run_blocking(req, respond, [api, req, answer, unit = who.unit] {
                auto answered = api->interpreters.answer(answer, unit);
                if (!answered) return staff_problem(api->problems, answered.error(), req);
                api->stats.count("interpreter_answers_entered");
                return json_response(http::status::ok,
                                     request_json(api->units, answered.value(), false), req);
            });
        }));

    routes.add(staff_route(
        http::verb::post, "/api/v1/staff/interpreter-requests/request-again", k_small_body_limit,
        {"advisor", "coordinator", "manager"}, api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity&) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            auto reference = fields.text("reference");
            auto errors = fields.errors();
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            api->run_blocking(req, respond, [api, req, reference] {
                auto opened = api->interpreters.request_again(reference);
                if (!opened) return staff_problem(api->problems, opened.error(), req);
                api->stats.count("interpreter_requests_repeated");
                return json_response(http::status::created,
                                     request_json(api->units, opened.value(), false), req);
            });
        }));

    // The agency's answer. Nothing is read from the body before its signature and timestamp
    // are checked; a refused callback changes nothing.
    routes.add({http::verb::post, "/api/v1/interpreter-agencies/callback", k_callback_body_limit,
                [api](request&& req, respond_fn respond) {
                    api->run_blocking(req, respond, [api, req] {
                        auto verdict = api->interpreters.agency_callback(
                            query_parameter(req.target(), "unit"), req[k_callback_timestamp_header],
                            req[k_callback_signature_header], req.body());
                        switch (verdict) {
                            case callback_verdict::accepted: {
                                api->stats.count("interpreter_callbacks_accepted");
                                response res{http::status::no_content, req.version()};
                                res.keep_alive(req.keep_alive());
                                return res;
                            }
                            case callback_verdict::unknown_request:
                                return api->problems(problem_kind::not_found, req);
                            case callback_verdict::malformed:
                                return api->problems(problem_kind::bad_request, req);
                            case callback_verdict::refused:
                            case callback_verdict::replayed:
                                break;
                        }
                        api->stats.count("interpreter_callbacks_refused");
                        return api->problems(problem_kind::unauthorized, req);
                    });
                }});
}

}  // namespace samtal
