// The week's conversations from today (/staff): an advisor's own, with the parent's number or
// link; the unit's for a coordinator or manager; and the forms that act on them: an absence
// (previewed on the advisor's schedule first), a handover, an outcome (/staff/absence,
// /staff/handover, /staff/outcome).
#include <kainjow/mustache.hpp>
#include <sstream>

#include "service/core/advisor_rules.hpp"
#include "service/core/validation.hpp"
#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_pages.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::size_t k_form_body_limit = 4 * 1024;
constexpr int k_days_shown = 7;

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return site.web->messages.text(language, "staff.page." + std::string(key));
}

std::string clock_of(sys_minutes instant, const date::time_zone& zone) {
    return clock_time(to_local(instant, zone));
}

// "Tisdag 1 december", standing as a heading.
std::string heading_of(const staff_site& site, std::string_view language, date::local_days day) {
    auto label = day_label(site.web->messages, language, day, "format.day");
    if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') label[0] = char(label[0] - 'a' + 'A');
    return label;
}

// How the conversation stands, in words: needing a decision, its outcome, or booked.
std::string state_of(const staff_site& site, std::string_view language, const conversation& entry) {
    if (entry.needs_decision) return text(site, language, "needs_decision");
    if (!entry.booking.outcome.empty())
        return text(site, language, "outcome_" + entry.booking.outcome);
    return text(site, language, "booked");
}

mustache::data conversation_data(const staff_site& site, std::string_view language,
                                 const staff_identity& who, const conversation& entry,
                                 const advisor_list& advisors, const date::time_zone& zone,
                                 bool today_or_before, sys_seconds now) {
    const auto& booking = entry.booking;
    const auto& messages = site.web->messages;
    mustache::data row;
    row.set("id", conversation_id_of(booking));
    row.set("version", std::to_string(booking.sequence));
    row.set("time", clock_of(booking.start, zone) + "–" + clock_of(booking.end, zone));
    const auto* advisor = find_advisor(advisors, booking.advisor);
    row.set("advisor", advisor ? advisor->name : booking.advisor);
    row.set("how",
            booking.channel == "phone"
                ? text(site, language, "phone")
                : fill(text(site, language, "video"),
                       {{"platform", name_of(messages, language, "platform", booking.platform)}}));
    row.set("language", booking.language.empty()
                            ? std::string("–")
                            : name_of(messages, language, "language", booking.language));
    if (booking.interpreter)
        row.set(
            "interpreter",
            booking.interpreter_request_status
                ? fill(text(site, language, "interpreter"),
                       {{"status", std::string(status_name(*booking.interpreter_request_status))}})
                : text(site, language, "interpreter_needed"));
    if (entry.contact)
        row.set("contact",
                booking.channel == "phone" ? readable_phone(*entry.contact) : *entry.contact);
    row.set("state", state_of(site, language, entry));
    row.set("can_record", today_or_before && who.acts_for(booking.unit, booking.advisor));
    bool still_to_come = sys_seconds{booking.start} > now;
    row.set("can_hand_over", still_to_come && who.role == "coordinator");
    mustache::data colleagues(mustache::data::type::list);
    for (const auto& other : advisors)
        if (other.active && other.id != booking.advisor) {
            mustache::data colleague;
            colleague.set("id", other.id);
            colleague.set("name", other.name);
            colleagues.push_back(colleague);
        }
    row.set("colleagues", colleagues);
    row.set("handover_page", "/staff/handover/" + conversation_id_of(booking));
    return row;
}

response day_page(const staff_site& site, const request& req, const staff_session_view& session,
                  const std::string& language, http::status status, const std::string& refused) {
    const auto& who = session.who;
    const auto* unit = find_unit(site.web->units, who.unit);
    auto now = site.web->bookings.now();
    const auto& zone = site.web->bookings.zone_of(*unit);
    auto today = date::floor<date::days>(to_local(date::floor<std::chrono::minutes>(now), zone));
    auto advisors = site.schedules.advisors(who, who.unit);
    mustache::data data;
    auto heading = text(site, language, who.role == "advisor" ? "own_heading" : "unit_heading");
    data.set("title", heading);
    data.set("heading", heading);
    if (!refused.empty()) data.set("refused", refused);
    auto done = query_parameter(req.target(), "done");
    if (done == "absence")
        data.set("notice", fill(text(site, language, "absence_reported"),
                                {{"handed_over", query_parameter(req.target(), "handed_over")},
                                 {"undecided", query_parameter(req.target(), "undecided")}}));
    else if (done == "handover" || done == "outcome")
        data.set("notice",
                 text(site, language, done == "handover" ? "handed_over" : "outcome_recorded"));
    mustache::data days(mustache::data::type::list);
    for (int offset = 0; offset < k_days_shown; ++offset) {
        auto day = today + date::days{offset};
        auto listed = site.schedules.conversations(who, who.unit, day);
        mustache::data entry;
        entry.set("date", date::format("%F", day));
        entry.set("label", heading_of(site, language, day));
        mustache::data rows(mustache::data::type::list);
        if (listed)
            for (const auto& conversation : listed.value())
                rows.push_back(conversation_data(site, language, who, conversation,
                                                 advisors ? advisors.value() : advisor_list{}, zone,
                                                 offset == 0, now));
        entry.set("has_conversations", listed && !listed->empty());
        entry.set("conversations", rows);
        days.push_back(entry);
    }
    data.set("days", days);
    bool keeps_hours = who.role == "advisor" || who.role == "coordinator";
    data.set("can_report_absence", keeps_hours);
    mustache::data absent(mustache::data::type::list);
    if (advisors)
        for (const auto& advisor : advisors.value())
            if (advisor.active && who.acts_for(who.unit, advisor.id)) {
                mustache::data item;
                item.set("id", advisor.id);
                item.set("name", advisor.name);
                absent.push_back(item);
            }
    data.set("choose_advisor", who.role == "coordinator");
    data.set("absence_advisors", absent);
    return staff_page(site, req, status, "staff_day", language, std::move(data), &session);
}

// The reason a staff action was refused, as the day page says it: the field codes, named.
std::string refusal(const staff_site& site, std::string_view language, const failure& error) {
    std::string reasons;
    for (const auto& field : error.fields)
        reasons += (reasons.empty() ? "" : ", ") + field.field + ": " + field.code;
    if (reasons.empty())
        reasons = error.kind == failure_kind::conflict ? "version-conflict" : "not-found";
    return fill(text(site, language, "refused"), {{"reason", reasons}});
}

reply after(const staff_site& site, const request& req, const staff_session_view& session,
            const std::string& language, const failure* error, const std::string& done) {
    if (!error) return see_other(req, "/staff?lang=" + language + "&done=" + done);
    auto status = error->kind == failure_kind::conflict    ? http::status::conflict
                  : error->kind == failure_kind::not_found ? http::status::not_found
                  : error->kind == failure_kind::forbidden ? http::status::forbidden
                                                           : http::status::unprocessable_entity;
    return day_page(site, req, session, language, status, refusal(site, language, *error));
}

std::optional<date::local_days> date_of(const std::string& text) {
    std::istringstream in(text);
    date::local_days day;
    in >> date::parse("%Y-%m-%d", day);
    if (in.fail() || text.size() != 10) return std::nullopt;
    return day;
}

}  // namespace

void add_day_pages(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff", 0, {"advisor", "coordinator", "manager"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            return day_page(site, req, session, language, http::status::ok, "");
        }));

    routes.add(staff_page_route(
        http::verb::post, "/staff/absence", k_form_body_limit, {"advisor", "coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            auto from = date_of(form_value(fields, "from"));
            auto to = date_of(form_value(fields, "to"));
            if (!from || !to) {
                failure bad = failure::invalid(!from ? "from" : "to", "invalid_time");
                return after(site, req, session, language, &bad, "");
            }
            // The day page's form asks for the preview first: the advisor's schedule shows
            // what the absence would hand over, and saves it from there.
            auto advisor = form_value(fields, "advisor");
            if (form_value(fields, "step") == "preview" && is_advisor_id(advisor))
                return see_other(req, "/staff/advisors/" + advisor + "?lang=" + language +
                                          "&absence_from=" + date::format("%F", *from) +
                                          "&absence_to=" + date::format("%F", *to));
            absence away{local_minutes{from->time_since_epoch()},
                         local_minutes{(*to + date::days{1}).time_since_epoch()}, 0};
            auto added = site.schedules.add_absence(session.who, session.who.unit,
                                                    form_value(fields, "advisor"), away);
            if (!added) return after(site, req, session, language, &added.error(), "");
            return see_other(req, "/staff?lang=" + language + "&done=absence&handed_over=" +
                                      std::to_string(added->handed_over.size()) +
                                      "&undecided=" + std::to_string(added->needs_decision.size()));
        }));

    routes.add(staff_page_route(
        http::verb::post, "/staff/handover", k_form_body_limit, {"coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            auto to = form_value(fields, "to");
            auto conversation = form_value(fields, "conversation");
            auto moved =
                site.schedules.hand_over(session.who, conversation, to == "anyone" ? "" : to,
                                         parse_version(form_value(fields, "version")));
            // Refused on the conversation's own page: its errors there, with who is free now.
            if (!moved && form_value(fields, "from_page") == "handover" &&
                moved.error().kind != failure_kind::not_found) {
                bool stale = moved.error().kind == failure_kind::conflict;
                return handover_page(
                    site, req, session, language, conversation,
                    stale ? http::status::conflict : http::status::unprocessable_entity,
                    stale ? std::vector<field_error>{} : moved.error().fields,
                    stale ? text(site, language, "conversation_changed") : "");
            }
            return after(site, req, session, language, moved ? nullptr : &moved.error(),
                         "handover");
        }));

    routes.add(staff_page_route(
        http::verb::post, "/staff/outcome", k_form_body_limit, {"advisor", "coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            auto recorded = site.schedules.record_outcome(
                session.who, form_value(fields, "conversation"), form_value(fields, "outcome"));
            return after(site, req, session, language, recorded ? nullptr : &recorded.error(),
                         "outcome");
        }));
}

}  // namespace samtal
