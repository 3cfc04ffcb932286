// The parent's booking API: create, and for the holder of a code (Authorization: Bearer
// <code>, never in a URL) view, cancel, move and fetch the calendar file.
#include <boost/json/object.hpp>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_booking_body_limit = 16 * 1024;
constexpr std::size_t k_small_body_limit = 4 * 1024;

// Whether an interpreter was asked for, is needed, and where the request to the agency stands:
// "requested" (waiting for the agency), "confirmed", or "not_confirmed" (declined or no answer
// in time; staff may ask again).
boost::json::object interpreter_json(const booking_record& booking) {
    boost::json::object out{{"requested", booking.interpreter_requested},
                            {"needed", booking.interpreter}};
    if (!booking.interpreter_requested) return out;
    if (!booking.interpreter_gender.empty()) out["gender"] = booking.interpreter_gender;
    const auto& status = booking.interpreter_request_status;
    if (booking.interpreter && status && *status != interpreter_status::cancelled)
        out["status"] = *status == interpreter_status::requested   ? "requested"
                        : *status == interpreter_status::confirmed ? "confirmed"
                                                                   : "not_confirmed";
    return out;
}

// The booking as its parent may see it: no advisor, no contact data.
boost::json::object booking_json(application& app, const booking_record& booking) {
    const auto* unit = app.settings().find_unit(booking.unit);
    const auto& zone = unit ? app.bookings().zone_of(*unit) : *find_time_zone("UTC");
    boost::json::object out{
        {"unit", booking.unit},
        {"site", booking.site},
        {"start", format_rfc3339(booking.start, zone)},
        {"end", format_rfc3339(booking.end, zone)},
        {"channel", booking.channel},
        {"parent_role", booking.parent_role},
        {"interpreter", interpreter_json(booking)},
        {"status", booking.status == booking_status::booked ? "booked" : "cancelled"}};
    if (!booking.platform.empty()) out["platform"] = booking.platform;
    if (!booking.hosting.empty()) out["hosting"] = booking.hosting;
    if (!booking.language.empty()) out["language"] = booking.language;
    if (!booking.dialect.empty()) out["dialect"] = booking.dialect;
    if (!booking.topic.empty()) out["topic"] = booking.topic;
    // A meeting the unit hosts: its link once made, for the holder of the code only.
    if (booking.hosting == "unit" && booking.status == booking_status::booked) {
        auto link = app.bookings().hosted_join_link(booking);
        out["meeting"] = link ? boost::json::object{{"ready", true}, {"join_link", *link}}
                              : boost::json::object{{"ready", false}};
    }
    return out;
}

// A client over its abuse limits gets a problem; the server adds Retry-After.
refusal_fn too_many_requests(application& app) {
    return [&app](const request& req, std::chrono::seconds) {
        return app.problem(problem_kind::too_many_requests, req);
    };
}

}  // namespace

std::optional<boost::json::object> json_body(application& app, const request& req,
                                             const respond_fn& respond) {
    if (!is_json(req)) {
        respond(app.problem(problem_kind::unsupported_media_type, req));
        return std::nullopt;
    }
    auto object = parse_json_object(req.body());
    if (!object) respond(app.problem(problem_kind::malformed_json, req));
    return object;
}

void add_booking_routes(application& app, router& routes) {
    routes.add(
        {http::verb::post, "/api/v1/bookings", k_booking_body_limit,
         [&app](request&& req, respond_fn respond) {
             auto body = json_body(app, req, respond);
             if (!body) return;
             json_fields fields(*body);
             booking_request booking{fields.text("unit"),
                                     fields.text("start"),
                                     fields.text("channel"),
                                     fields.text("platform"),
                                     fields.text("hosting"),
                                     fields.text("join_link"),
                                     fields.text("phone"),
                                     fields.text("language"),
                                     fields.flag("interpreter"),
                                     fields.text("interpreter_gender"),
                                     fields.text("topic"),
                                     fields.text("parent_role"),
                                     fields.text("dialect")};
             auto locale = fields.text("locale");
             auto errors = fields.errors();
             if (!errors.empty())
                 return respond(app.problem(problem_kind::validation_failed, req, errors));
             if (!locale.empty()) req.set(http::field::accept_language, locale);
             app.run_blocking(req, respond, [&app, req, booking] {
                 auto created = app.bookings().create(booking);
                 if (!created) return app.problem(created.error(), req);
                 app.stats().count("bookings_created");
                 auto res = json_response(
                     http::status::created,
                     boost::json::object{
                         {"code", created->code},
                         {"booking", booking_json(app, created->booking)},
                         {"calendar", app.parent_calendar(created->booking, app.language_of(req))}},
                     req);
                 res.set(http::field::location, "/api/v1/bookings/self");
                 return res;
             });
         },
         client_limit::booking, too_many_requests(app)});

    routes.add({http::verb::get, "/api/v1/bookings/self", 0,
                [&app](request&& req, respond_fn respond) {
                    app.run_blocking(req, respond, [&app, req] {
                        auto found = app.bookings().find(std::string(bearer_token(req)));
                        if (!found) return app.problem(found.error(), req);
                        return json_response(http::status::ok, booking_json(app, found.value()),
                                             req);
                    });
                },
                client_limit::code_lookup, too_many_requests(app)});

    routes.add({http::verb::delete_, "/api/v1/bookings/self", 0,
                [&app](request&& req, respond_fn respond) {
                    app.run_blocking(req, respond, [&app, req] {
                        auto cancelled = app.bookings().cancel(std::string(bearer_token(req)));
                        if (!cancelled) return app.problem(cancelled.error(), req);
                        app.stats().count("bookings_cancelled");
                        return json_response(http::status::ok, booking_json(app, cancelled.value()),
                                             req);
                    });
                },
                client_limit::code_lookup, too_many_requests(app)});

    routes.add(
        {http::verb::post, "/api/v1/bookings/self/reschedule", k_small_body_limit,
         [&app](request&& req, respond_fn respond) {
             auto body = json_body(app, req, respond);
             if (!body) return;
             json_fields fields(*body);
             auto start = fields.text("start");
             auto errors = fields.errors();
             if (!errors.empty())
                 return respond(app.problem(problem_kind::validation_failed, req, errors));
             app.run_blocking(req, respond, [&app, req, start] {
                 auto moved = app.bookings().reschedule(std::string(bearer_token(req)), start);
                 if (!moved) return app.problem(moved.error(), req);
                 app.stats().count("bookings_moved");
                 return json_response(http::status::ok, booking_json(app, moved.value()), req);
             });
         },
         client_limit::code_lookup, too_many_requests(app)});

    routes.add({http::verb::get, "/api/v1/bookings/self/calendar.ics", 0,
                [&app](request&& req, respond_fn respond) {
                    app.run_blocking(req, respond, [&app, req] {
                        auto found = app.bookings().find(std::string(bearer_token(req)));
                        if (!found) return app.problem(found.error(), req);
                        return app.parent_calendar_download(req, found.value(),
                                                            app.language_of(req));
                    });
                },
                client_limit::code_lookup, too_many_requests(app)});
}

}  // namespace samtal
