// Finding a booking by its code (GET and POST /booking), the booking page with its actions,
// and the parent's calendar file (POST /booking/calendar.ics).
#include <kainjow/mustache.hpp>

#include "service/edge/booking_view.hpp"
#include "service/web/form_guard.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/page_text.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace mustache = kainjow::mustache;

namespace {

// The text that says where the parent's interpreter stands.
std::string_view interpreter_key(interpreter_standing standing) {
    switch (standing) {
        case interpreter_standing::not_asked:
            return "common.no";
        case interpreter_standing::not_needed:
            return "booking.interpreter_not_needed";
        case interpreter_standing::confirmed:
            return "booking.interpreter_confirmed";
        case interpreter_standing::not_confirmed:
            return "booking.interpreter_not_confirmed";
        case interpreter_standing::no_request:
        case interpreter_standing::requested:
            break;
    }
    return "booking.interpreter_booked";
}

}  // namespace

void add_booking_details(mustache::data& data, const web_site& site, std::string_view language,
                         const booking_record& booking) {
    const auto& messages = site.messages;
    data.set("when", when_label(messages, language, booking.start, booking.end,
                                zone_of_unit(site.units, booking.unit)));
    data.set("channel_label", name_of(messages, language, "channel", booking.channel));
    if (!booking.platform.empty())
        data.set("platform_label", name_of(messages, language, "platform", booking.platform));
    if (!booking.language.empty())
        data.set("language_label",
                 capitalised(name_of(messages, language, "language", booking.language), language));
    if (!booking.dialect.empty())
        data.set("dialect_label",
                 capitalised(
                     messages.text(language, "dialect." + booking.language + "." + booking.dialect),
                     language));
    data.set("interpreter_label",
             messages.text(language, interpreter_key(interpreter_standing_of(booking))));
    data.set("status_label", messages.text(language, booking.status == booking_status::booked
                                                         ? "booking.status_booked"
                                                         : "booking.status_cancelled"));
}

response find_page(const web_site& site, const request& req, std::string_view language,
                   std::string_view typed_code, bool not_found) {
    const auto& messages = site.messages;
    mustache::data data;
    data.set("title", messages.text(language, "find.title"));
    data.set("code", std::string(typed_code));
    data.set("has_errors", not_found);
    mustache::data field_errors;
    mustache::data summary(mustache::data::type::list);
    if (not_found) {
        const auto& text = messages.text(language, "find.not_found");
        field_errors.set("code", text);
        mustache::data item;
        item.set("message", text);
        item.set("anchor", "code");
        summary.push_back(item);
    }
    data.set("field_errors", field_errors);
    data.set("errors", summary);
    return page(site, req, not_found ? http::status::not_found : http::status::ok, "find", language,
                "/booking?lang=", data);
}

response booking_page(const web_site& site, const request& req, std::string_view language,
                      const booking_record& booking, std::string_view code, http::status status,
                      bool moved, std::string notice) {
    auto view = view_of(booking, site.bookings, site.units);
    mustache::data data;
    data.set("title", site.messages.text(language, "booking.title"));
    data.set("code", std::string(code));
    data.set("moved", moved);
    if (!notice.empty()) data.set("notice", std::move(notice));
    data.set("changeable", view.changeable);
    // A meeting the unit hosts: the parent joins with its link, shown only to the code.
    if (view.hosted_meeting) {
        data.set("hosted_meeting", true);
        if (view.join_link) data.set("meeting_link", *view.join_link);
    }
    add_booking_details(data, site, language, booking);
    add_follow_up(data, site, language, booking, code);
    return page(site, req, status, "booking", language, "/booking?lang=", data);
}

// GET /booking
void show_find(const site_ptr& site, request&& req, respond_fn respond) {
    respond(find_page(*site, req, site->language_of(req), "", false));
}

namespace {

// What a form that posts a booking code answers for the booking it finds.
using code_answer = reply (*)(const web_site& site, const request& req, const std::string& language,
                              const booking_record& booking, const std::string& code);

// Reads the posted code and answers with `answer` on the blocking pool; a code that finds
// nothing answers the find page, as every other code that finds nothing does.
void answer_for_code(const site_ptr& site, const request& req, respond_fn respond,
                     std::string_view action, code_answer answer) {
    auto fields = read_form(*site, req, respond, action);
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    run_page(site, req, std::move(respond), language,
             [site, language, code, answer](const request& req) -> reply {
                 auto found = site->bookings.find(code);
                 if (!found) return find_page(*site, req, language, code, true);
                 return answer(*site, req, language, found.value(), code);
             });
}

}  // namespace

void find_booking(const site_ptr& site, request&& req, respond_fn respond) {
    answer_for_code(site, req, std::move(respond), "/booking",
                    [](const web_site& site, const request& req, const std::string& language,
                       const booking_record& booking, const std::string& code) -> reply {
                        return booking_page(site, req, language, booking, code, http::status::ok,
                                            false);
                    });
}

void calendar_file(const site_ptr& site, request&& req, respond_fn respond) {
    answer_for_code(site, req, std::move(respond), "/booking/calendar.ics",
                    [](const web_site& site, const request& req, const std::string& language,
                       const booking_record& booking, const std::string&) -> reply {
                        return site.calendars.download(req, booking, language);
                    });
}

}  // namespace samtal
