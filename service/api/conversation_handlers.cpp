// The unit's conversations for staff (/api/v1/staff/conversations[...]): the day per site and
// advisor, a handover, and what became of a conversation. A parent's phone number or join link
// goes only to the advisor who holds the conversation.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <sstream>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/api/staff_answers.hpp"
#include "service/edge/booking_view.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_small_body_limit = 1024;

boost::json::object conversation_json(const std::vector<unit_config>& units,
                                      const booking_record& booking, bool needs_decision,
                                      const std::optional<std::string>& contact) {
    const auto& zone = zone_of_unit(units, booking.unit);
    boost::json::object interpreter{{"needed", booking.interpreter}};
    if (booking.interpreter_request_status)
        interpreter["status"] = status_name(*booking.interpreter_request_status);
    boost::json::object out{{"id", conversation_id_of(booking)},
                            {"start", format_rfc3339(booking.start, zone)},
                            {"end", format_rfc3339(booking.end, zone)},
                            {"advisor", booking.advisor},
                            {"site", booking.site},
                            {"channel", booking.channel},
                            {"platform", booking.platform},
                            {"language", booking.language},
                            {"interpreter", std::move(interpreter)},
                            {"outcome", booking.outcome},
                            {"needs_decision", needs_decision},
                            {"version", booking.sequence}};
    if (contact)
        out["contact"] =
            boost::json::object{{booking.channel == "phone" ? "phone" : "join_link", *contact}};
    return out;
}

}  // namespace

void add_conversation_routes(schedule_services services, router& routes) {
    auto api = std::make_shared<const schedule_services>(std::move(services));

    routes.add(staff_route(
        http::verb::get, "/api/v1/staff/conversations", 0, {"advisor", "coordinator", "manager"},
        api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto day_text = query_parameter(req.target(), "day");
            std::optional<date::local_days> day;
            if (!day_text.empty()) {
                std::istringstream in(day_text);
                date::local_days parsed;
                in >> date::parse("%Y-%m-%d", parsed);
                if (in.fail() || day_text.size() != 10)
                    return respond(api->problems(problem_kind::validation_failed, req,
                                                 {{"day", "invalid_date"}}));
                day = parsed;
            }
            api->run_blocking(req, respond, [api, req, who, day] {
                auto unit = requested_unit(req, who);
                auto listed = api->schedules.conversations(who, unit, day);
                if (!listed) return staff_problem(api->problems, listed.error(), req);
                boost::json::array conversations;
                for (const auto& entry : listed.value())
                    conversations.push_back(conversation_json(api->units, entry.booking,
                                                              entry.needs_decision, entry.contact));
                return json_response(
                    http::status::ok,
                    boost::json::object{{"unit", unit},
                                        {"conversations", std::move(conversations)}},
                    req);
            });
        }));

    // To a named advisor, or "anyone": the free advisor the unit prefers.
    routes.add(staff_route(
        http::verb::post, "/api/v1/staff/conversations/{id}/handover", k_small_body_limit,
        {"coordinator"}, api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            auto to = fields.text("to");
            auto version = version_written_against(req, fields.integer("version"));
            auto errors = fields.errors();
            if (to.empty()) errors.push_back({"to", "required"});
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            api->run_blocking(req, respond, [api, req, who, to, version] {
                auto moved = api->schedules.hand_over(who, path_segment(req.target(), 4),
                                                      to == "anyone" ? "" : to, version);
                if (!moved) return staff_problem(api->problems, moved.error(), req);
                api->stats.count("conversations_handed_over");
                api->stats.set_gauge("samtal_conversations", "needs_decision",
                                     api->schedules.needing_decision());
                return json_response(
                    http::status::ok,
                    conversation_json(api->units, moved.value(), false, std::nullopt), req);
            });
        }));

    routes.add(staff_route(
        http::verb::post, "/api/v1/staff/conversations/{id}/outcome", k_small_body_limit,
        {"advisor", "coordinator"}, api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            auto outcome = fields.text("outcome");
            auto errors = fields.errors();
            if (outcome != "held" && outcome != "not_reached")
                errors.push_back({"outcome", outcome.empty() ? "required" : "invalid_choice"});
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            api->run_blocking(req, respond, [api, req, who, outcome] {
                auto recorded =
                    api->schedules.record_outcome(who, path_segment(req.target(), 4), outcome);
                if (!recorded) return staff_problem(api->problems, recorded.error(), req);
                return json_response(
                    http::status::ok,
                    conversation_json(api->units, recorded.value(), false, std::nullopt), req);
            });
        }));
}

}  // namespace samtal
