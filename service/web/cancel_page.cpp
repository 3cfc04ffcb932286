// Cancelling a booking (POST /booking/cancel): "are you sure?", then the cancellation.
#include <kainjow/mustache.hpp>

#include "service/edge/booking_view.hpp"
#include "service/edge/failure_answers.hpp"
#include "service/web/form_guard.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/page_text.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace {

namespace mustache = kainjow::mustache;

response answer_cancel(const web_site& site, const request& req, const std::string& language,
                       const std::string& code, bool confirmed) {
    auto& app = site;
    const auto& messages = app.messages;
    auto found = app.bookings.find(code);
    if (!found) return find_page(site, req, language, code, true);
    if (!confirmed) {
        mustache::data data;
        data.set("title", messages.text(language, "cancel.title"));
        data.set("code", code);
        data.set("when", when_label(messages, language, found->start, found->end,
                                    zone_of_unit(app.units, found->unit)));
        return page(site, req, http::status::ok, "cancel", language, "/booking?lang=", data);
    }
    auto cancelled = app.bookings.cancel(code);
    if (cancelled) {
        app.stats.count("bookings_cancelled");
        mustache::data data;
        data.set("title", messages.text(language, "cancelled.title"));
        data.set("book_again_href", "/?unit=" + cancelled->unit + "&lang=" + language);
        return page(site, req, http::status::ok, "cancelled", language, "/booking?lang=", data);
    }
    const auto& error = cancelled.error();
    switch (error.kind) {
        case failure_kind::not_found:
            return find_page(site, req, language, code, true);
        case failure_kind::invalid_input: {
            const auto& reason = error.fields.empty() ? field_error{"booking", "already_started"}
                                                      : error.fields.front();
            return booking_page(site, req, language, found.value(), code, status_of(error.kind),
                                false, messages.field_error(language, reason.field, reason.code));
        }
        case failure_kind::slot_taken:
        case failure_kind::unavailable:
        // Staff writes only: a parent's booking has no versions or roles.
        case failure_kind::conflict:
        case failure_kind::forbidden:
            break;
    }
    return failure_page(site, req, language, error.kind);
}

}  // namespace

// POST /booking/cancel: without confirm=yes it only asks "are you sure?", so that a slip of
// the finger cancels nothing.
void cancel_booking(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking/cancel");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    bool confirmed = form_value(*fields, "confirm") == "yes";
    run_page(site, req, std::move(respond), language,
             [site, language, code, confirmed](const request& req) {
                 return answer_cancel(*site, req, language, code, confirmed);
             });
}

}  // namespace samtal
