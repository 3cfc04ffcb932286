// Handing one conversation over (/staff/handover/{conversation}): the advisors free then, in the
// order the unit prefers them (the parent's language first), as staff_service lists them; the
// form posts to /staff/handover (day_page.cpp), which comes back here when it is refused.
#include <kainjow/mustache.hpp>

#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return staff_text(site, language, key);
}

}  // namespace

reply handover_page(const staff_site& site, const request& req, const staff_session_view& session,
                    const std::string& language, const std::string& conversation_id,
                    http::status status, const std::vector<field_error>& errors,
                    const std::string& refused) {
    const auto& who = session.who;
    const auto& messages = site.web->messages;
    auto choice = site.schedules.handover_candidates(who, conversation_id);
    if (!choice) {
        mustache::data data;
        data.set("title", text(site, language, "not_found"));
        data.set("message", text(site, language, "not_found"));
        return staff_page(site, req, http::status::not_found, "staff_notice", language,
                          std::move(data), &session);
    }
    const auto& booking = choice->booking;
    const auto* unit = find_unit(site.web->units, booking.unit);
    auto advisors = site.schedules.advisors(who, booking.unit);
    const advisor_list none;
    const auto& roster = advisors ? advisors.value() : none;
    auto name_of_advisor = [&](const std::string& id) {
        const auto* found = find_advisor(roster, id);
        return found ? found->name : id;
    };
    mustache::data data;
    data.set("title", text(site, language, "handover_heading"));
    data.set("conversation", conversation_id_of(booking));
    data.set("version", std::to_string(booking.sequence));
    data.set("when", when_label(messages, language, booking.start, booking.end,
                                site.web->bookings.zone_of(*unit)));
    data.set("advisor", name_of_advisor(booking.advisor));
    data.set("how",
             booking.channel == "phone"
                 ? text(site, language, "phone")
                 : fill(text(site, language, "video"),
                        {{"platform", name_of(messages, language, "platform", booking.platform)}}));
    auto spoken = booking.language.empty()
                      ? std::string("–")
                      : name_of(messages, language, "language", booking.language);
    data.set("language", spoken);
    if (!refused.empty()) data.set("refused", refused);
    mustache::data error_data;
    add_field_errors(site, error_data, language, errors);
    data.set("form_errors", error_data);
    mustache::data candidates(mustache::data::type::list);
    bool first = true;
    for (const auto& candidate : choice->candidates) {
        mustache::data row;
        row.set("id", candidate.advisor);
        row.set("name", name_of_advisor(candidate.advisor));
        row.set("first", first);
        // Without an interpreter: the advisor speaks the parent's language.
        if (!booking.language.empty() && !candidate.interpreter) {
            const auto* found = find_advisor(roster, candidate.advisor);
            if (found && found->speaks(booking.language))
                row.set("speaks", fill(text(site, language, "speaks"), {{"language", spoken}}));
        }
        first = false;
        candidates.push_back(row);
    }
    data.set("has_candidates", !choice->candidates.empty());
    data.set("candidates", candidates);
    return staff_page(site, req, status, "staff_handover", language, std::move(data), &session);
}

void add_handover_page(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff/handover/{conversation}", 0, {"coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            return handover_page(site, req, session, language, path_segment(req.target(), 2),
                                 http::status::ok, {}, "");
        }));
}

}  // namespace samtal
