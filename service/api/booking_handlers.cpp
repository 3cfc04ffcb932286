// The parent's booking API: create, and for the holder of a code (Authorization: Bearer
// <code>, never in a URL) view, cancel, move and fetch the calendar file.
#include <boost/json/object.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/edge/booking_request_reader.hpp"
#include "service/edge/booking_view.hpp"
#include "service/edge/request_language.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_booking_body_limit = 16 * 1024;
constexpr std::size_t k_small_body_limit = 4 * 1024;

using services_ptr = std::shared_ptr<const booking_services>;

// Whether an interpreter was asked for, is needed, and where the request to the agency stands:
// "requested" (waiting for the agency), "confirmed", or "not_confirmed" (declined or no answer
// in time; staff may ask again).
boost::json::object interpreter_json(const booking_view& view) {
    const auto& booking = view.record;
    boost::json::object out{{"requested", booking.interpreter_requested},
                            {"needed", booking.interpreter}};
    if (view.interpreter == interpreter_standing::not_asked) return out;
    if (!booking.interpreter_gender.empty()) out["gender"] = booking.interpreter_gender;
    switch (view.interpreter) {
        case interpreter_standing::requested:
            out["status"] = "requested";
            break;
        case interpreter_standing::confirmed:
            out["status"] = "confirmed";
            break;
        case interpreter_standing::not_confirmed:
            out["status"] = "not_confirmed";
            break;
        case interpreter_standing::not_asked:
        case interpreter_standing::not_needed:
        case interpreter_standing::no_request:
            break;
    }
    return out;
}

// The booking as its parent may see it: no advisor, no contact data. Blocking: a hosted
// meeting's link is read from the store.
boost::json::object booking_json(const booking_services& api, const booking_record& booking) {
    auto view = view_of(booking, api.bookings, api.units);
    boost::json::object out{{"unit", booking.unit},
                            {"site", booking.site},
                            {"start", format_rfc3339(booking.start, *view.zone)},
                            {"end", format_rfc3339(booking.end, *view.zone)},
                            {"channel", booking.channel},
                            {"parent_role", booking.parent_role},
                            {"interpreter", interpreter_json(view)},
                            {"status", view.booked ? "booked" : "cancelled"}};
    if (!booking.platform.empty()) out["platform"] = booking.platform;
    if (!booking.hosting.empty()) out["hosting"] = booking.hosting;
    if (!booking.language.empty()) out["language"] = booking.language;
    if (!booking.dialect.empty()) out["dialect"] = booking.dialect;
    if (!booking.reminder_language.empty()) out["sms_reminder"] = true;
    // A meeting the unit hosts: its link once made, for the holder of the code only.
    if (view.hosted_meeting)
        out["meeting"] = view.join_link
                             ? boost::json::object{{"ready", true}, {"join_link", *view.join_link}}
                             : boost::json::object{{"ready", false}};
    return out;
}

// A client over its abuse limits gets a problem; the server adds Retry-After.
refusal_fn too_many_requests(const services_ptr& api) {
    return [api](const request& req, std::chrono::seconds) {
        return api->problems(problem_kind::too_many_requests, req);
    };
}

// POST /api/v1/bookings
void create_booking(const services_ptr& api, request&& req, respond_fn respond) {
    auto body = json_body(api->problems, req, respond);
    if (!body) return;
    json_fields fields(*body);
    auto booking = read_booking_request(fields);
    auto locale = fields.text("locale");
    auto errors = fields.errors();
    if (!errors.empty())
        return respond(api->problems(problem_kind::validation_failed, req, errors));
    if (!locale.empty()) req.set(http::field::accept_language, locale);
    booking.page_language = request_language(api->messages, req);
    api->run_blocking(req, respond, [api, req, booking] {
        auto created = api->bookings.create(booking);
        if (!created) return api->problems(created.error(), req);
        api->stats.count("bookings_created");
        auto res = json_response(
            http::status::created,
            boost::json::object{
                {"code", created->code},
                {"booking", booking_json(*api, created->booking)},
                {"calendar",
                 api->calendars.text(created->booking, request_language(api->messages, req))}},
            req);
        res.set(http::field::location, "/api/v1/bookings/self");
        return res;
    });
}

// GET /api/v1/bookings/self
void show_booking(const services_ptr& api, request&& req, respond_fn respond) {
    api->run_blocking(req, respond, [api, req] {
        auto found = api->bookings.find(bearer_token(req));
        if (!found) return api->problems(found.error(), req);
        return json_response(http::status::ok, booking_json(*api, found.value()), req);
    });
}

// DELETE /api/v1/bookings/self
void cancel_booking(const services_ptr& api, request&& req, respond_fn respond) {
    api->run_blocking(req, respond, [api, req] {
        auto cancelled = api->bookings.cancel(bearer_token(req));
        if (!cancelled) return api->problems(cancelled.error(), req);
        api->stats.count("bookings_cancelled");
        return json_response(http::status::ok, booking_json(*api, cancelled.value()), req);
    });
}

// POST /api/v1/bookings/self/reschedule
void reschedule_booking(const services_ptr& api, request&& req, respond_fn respond) {
    auto body = json_body(api->problems, req, respond);
    if (!body) return;
    json_fields fields(*body);
    auto start = fields.text("start");
    auto errors = fields.errors();
    if (!errors.empty())
        return respond(api->problems(problem_kind::validation_failed, req, errors));
    api->run_blocking(req, respond, [api, req, start] {
        auto moved = api->bookings.reschedule(bearer_token(req), start);
        if (!moved) return api->problems(moved.error(), req);
        api->stats.count("bookings_moved");
        return json_response(http::status::ok, booking_json(*api, moved.value()), req);
    });
}

// GET /api/v1/bookings/self/calendar.ics
void booking_calendar(const services_ptr& api, request&& req, respond_fn respond) {
    api->run_blocking(req, respond, [api, req] {
        auto found = api->bookings.find(bearer_token(req));
        if (!found) return api->problems(found.error(), req);
        return api->calendars.download(req, found.value(), request_language(api->messages, req));
    });
}

}  // namespace

void add_booking_routes(booking_services services, router& routes) {
    auto api = std::make_shared<const booking_services>(std::move(services));
    auto bind = [api](void (*handler)(const services_ptr&, request&&, respond_fn)) {
        return [api, handler](request&& req, respond_fn respond) {
            handler(api, std::move(req), std::move(respond));
        };
    };
    auto refuse = too_many_requests(api);
    routes.add({http::verb::post, "/api/v1/bookings", k_booking_body_limit, bind(create_booking),
                client_limit::booking, refuse});
    // Every route that takes a booking code: a wrong one costs the client that sent it.
    routes.add({http::verb::get, "/api/v1/bookings/self", 0, bind(show_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::delete_, "/api/v1/bookings/self", 0, bind(cancel_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/api/v1/bookings/self/reschedule", k_small_body_limit,
                bind(reschedule_booking), client_limit::code_lookup, refuse});
    routes.add({http::verb::get, "/api/v1/bookings/self/calendar.ics", 0, bind(booking_calendar),
                client_limit::code_lookup, refuse});
}

}  // namespace samtal
