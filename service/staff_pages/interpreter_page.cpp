// The unit's interpreter requests still waiting for the agency's answer (/staff/interpreters),
// each with a form for the answer an email agency gave by mail or phone: confirmed (with the
// interpreter's reference and how they join) or declined. The answer goes through the same
// interpreter_service::answer as POST /api/v1/staff/interpreter-requests/answer.
#include <kainjow/mustache.hpp>

#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::size_t k_form_body_limit = 4 * 1024;
constexpr int k_days_listed = 28;

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return staff_text(site, language, key);
}

// The form as posted, to show again at its request with its errors.
struct posted_answer {
    staff_answer answer;
    std::vector<field_error> errors;
};

reply interpreter_page(const staff_site& site, const request& req,
                       const staff_session_view& session, const std::string& language,
                       http::status status, const posted_answer* posted, const std::string& notice,
                       const std::string& refused) {
    const auto& who = session.who;
    const auto& messages = site.web->messages;
    const auto* unit = find_unit(site.web->units, who.unit);
    const auto& zone = site.web->bookings.zone_of(*unit);
    auto today = date::floor<date::days>(
        to_local(date::floor<std::chrono::minutes>(site.web->bookings.now()), zone));
    mustache::data rows(mustache::data::type::list);
    for (int offset = 0; offset < k_days_listed; ++offset) {
        auto listed = site.interpreters.list(
            unit->id, date::format("%F", today + date::days{offset}), "requested");
        if (!listed) continue;
        for (const auto& entry : listed.value()) {
            const auto& asked = entry.request;
            auto reference = asked.reference();
            mustache::data row;
            row.set("reference", reference);
            row.set("when", when_label(messages, language, asked.start, asked.end, zone));
            row.set("language",
                    capitalised(name_of(messages, language, "language", asked.language), language));
            row.set("answer_by",
                    clock_time(to_local(asked.answer_by, zone)) + ", " +
                        day_label(messages, language,
                                  date::floor<date::days>(to_local(asked.answer_by, zone)),
                                  "format.day"));
            bool this_one = posted && posted->answer.reference == reference;
            mustache::data modes(mustache::data::type::list);
            for (const auto& mode : asked.modes) {
                mustache::data item;
                item.set("mode", mode);
                item.set("label", text(site, language, "joins_by_" + mode));
                item.set("checked", this_one && posted->answer.joins_by == mode);
                modes.push_back(item);
            }
            row.set("modes", modes);
            row.set("confirmed", this_one && posted->answer.status == "confirmed");
            row.set("declined", this_one && posted->answer.status == "declined");
            row.set("interpreter_reference",
                    this_one ? posted->answer.interpreter_reference : std::string());
            row.set("phone", this_one ? posted->answer.phone : std::string());
            mustache::data errors;
            auto field_errors = this_one ? posted->errors : std::vector<field_error>{};
            add_field_errors(site, errors, language, field_errors);
            // Every request has the same fields: the summary links to this request's.
            for (auto& error : field_errors) error.field = reference + "-" + error.field;
            mustache::data linked;
            add_field_errors(site, linked, language, field_errors);
            errors.set("errors", *linked.get("errors"));
            row.set("form_errors", errors);
            rows.push_back(row);
        }
    }
    mustache::data data;
    data.set("title", text(site, language, "interpreters_heading"));
    data.set("requests", rows);
    data.set("has_requests", !rows.is_empty_list());
    if (!notice.empty()) data.set("notice", notice);
    if (!refused.empty()) data.set("refused", refused);
    return staff_page(site, req, status, "staff_interpreters", language, std::move(data), &session);
}

}  // namespace

void add_interpreter_page(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff/interpreters", 0, {"coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            std::string notice;
            if (query_parameter(req.target(), "done") == "answered")
                notice = text(site, language, "interpreter_answered");
            return interpreter_page(site, req, session, language, http::status::ok, nullptr, notice,
                                    "");
        }));

    routes.add(staff_page_route(
        http::verb::post, "/staff/interpreters", k_form_body_limit, {"coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            posted_answer posted{{form_value(fields, "reference"), form_value(fields, "status"),
                                  form_value(fields, "interpreter_reference"),
                                  form_value(fields, "joins_by"), form_value(fields, "phone")},
                                 {}};
            // A decline carries nothing about the interpreter.
            if (posted.answer.status == "declined") {
                posted.answer.interpreter_reference.clear();
                posted.answer.joins_by.clear();
                posted.answer.phone.clear();
            }
            auto answered = site.interpreters.answer(posted.answer, session.who.unit);
            if (answered)
                return see_other(req, "/staff/interpreters?lang=" + language + "&done=answered");
            const auto& error = answered.error();
            bool gone = error.kind == failure_kind::not_found ||
                        (error.fields.size() == 1 && error.fields.front().code == "not_open");
            if (gone)
                // Answered, withdrawn or asked again meanwhile: the list as it is now.
                return interpreter_page(site, req, session, language,
                                        error.kind == failure_kind::not_found
                                            ? http::status::not_found
                                            : http::status::conflict,
                                        nullptr, "", text(site, language, "request_changed"));
            posted.errors = error.fields;
            return interpreter_page(site, req, session, language,
                                    http::status::unprocessable_entity, &posted, "", "");
        }));
}

}  // namespace samtal
