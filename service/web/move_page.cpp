// Moving a booking (POST /booking/move): the free times to move it to, then the move.
#include <kainjow/mustache.hpp>

#include "service/edge/failure_answers.hpp"
#include "service/web/form_guard.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/page_parts.hpp"
#include "service/web/page_text.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace {

namespace mustache = kainjow::mustache;

// Free times to move a booking to. Blocking: reads availability.
response move_page(const web_site& site, const request& req, const std::string& language,
                   const booking_record& booking, std::string_view code,
                   std::string_view chosen_start, const std::vector<field_error>& errors,
                   bool slot_taken, http::status status) {
    auto& app = site;
    const auto& messages = app.messages;
    const auto* unit = find_unit(app.units, booking.unit);
    if (!unit) return error_page(site, req, language, http::status::not_found, "unknown_unit");
    auto times = upcoming_times(app.bookings, *unit, booking.language);
    if (!times)
        return error_page(site, req, language, http::status::service_unavailable, "unavailable");
    mustache::data data;
    data.set("title", messages.text(language, "move.title"));
    data.set("code", std::string(code));
    data.set("when", when_label(messages, language, booking.start, booking.end,
                                app.bookings.zone_of(*unit)));
    data.set("slot_taken", slot_taken);
    add_errors(data, messages, language, errors, {"start"});
    add_times(data, messages, language, times.value(), chosen_start);
    return page(site, req, status, "move", language, "/booking?lang=", data);
}

response answer_move(const web_site& site, const request& req, const std::string& language,
                     const std::string& code, const std::string& start, bool choosing) {
    auto& app = site;
    auto found = app.bookings.find(code);
    if (!found) return find_page(site, req, language, code, true);
    if (!choosing)
        return move_page(site, req, language, found.value(), code, "", {}, false, http::status::ok);
    auto moved = app.bookings.reschedule(code, start);
    if (moved) {
        app.stats.count("bookings_moved");
        return booking_page(site, req, language, moved.value(), code, http::status::ok, true);
    }
    const auto& error = moved.error();
    switch (error.kind) {
        case failure_kind::not_found:
            return find_page(site, req, language, code, true);
        case failure_kind::invalid_input:
            // "booking" errors (the conversation has begun) are about the booking, not the
            // chosen time.
            if (!error.fields.empty() && error.fields.front().field == "booking")
                return booking_page(
                    site, req, language, found.value(), code, status_of(error.kind), false,
                    app.messages.field_error(language, "booking", error.fields.front().code));
            return move_page(site, req, language, found.value(), code, start, error.fields, false,
                             status_of(error.kind));
        case failure_kind::slot_taken:
            return move_page(site, req, language, found.value(), code, "", {}, true,
                             status_of(error.kind));
        case failure_kind::unavailable:
        // Staff writes only: a parent's booking has no versions or roles.
        case failure_kind::conflict:
        case failure_kind::forbidden:
            break;
    }
    return failure_page(site, req, language, error.kind);
}

}  // namespace

// POST /booking/move: without choose=yes it shows the free times; with it, it moves the
// booking to the chosen one.
void move_booking(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking/move");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    auto start = form_value(*fields, "start");
    bool choosing = form_value(*fields, "choose") == "yes";
    run_page(site, req, std::move(respond), language,
             [site, language, code, start, choosing](const request& req) {
                 return answer_move(*site, req, language, code, start, choosing);
             });
}

}  // namespace samtal
