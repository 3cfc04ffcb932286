// The confirmation page after a booking is made: the code to keep, in groups of four, and
// what happens next in words.
#include <kainjow/mustache.hpp>

#include "service/edge/booking_view.hpp"
#include "service/i18n/messages.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/page_text.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace mustache = kainjow::mustache;

response confirmation_page(const web_site& site, const request& req, const std::string& language,
                           const created_booking& created) {
    const auto& booking = created.booking;
    const auto& messages = site.messages;
    mustache::data data;
    data.set("title", messages.text(language, "confirmation.title"));
    data.set("code", created.code);
    // The groups of four as separate words, so that a narrow screen breaks the code between
    // groups and never inside one.
    mustache::data groups(mustache::data::type::list);
    for (std::size_t at = 0; at < created.code.size();) {
        auto dash = std::min(created.code.find('-', at), created.code.size());
        mustache::data group;
        group.set("group", created.code.substr(at, dash - at));
        group.set("last", dash == created.code.size());
        groups.push_back(group);
        at = dash + 1;
    }
    data.set("code_groups", groups);
    // What happens next, with the day and the time in words: the parent need not look further.
    auto start = to_local(booking.start, zone_of_unit(site.units, booking.unit));
    bool is_phone = booking.channel == "phone";
    // A bridged call comes from the unit's number: the parent is told which, to recognise it.
    auto bridged_from = bridged_call_from(site.units, site.roster, booking);
    auto next_key = bridged_from                ? "confirmation.next_phone_bridged"
                    : is_phone                  ? "confirmation.next_phone"
                    : booking.hosting == "unit" ? "confirmation.next_hosted"
                                                : "confirmation.next_video";
    data.set("next", fill(messages.text(language, next_key),
                          {{"date", day_label(messages, language, date::floor<date::days>(start),
                                              "format.date")},
                           {"start", clock_time(start)},
                           {"platform", name_of(messages, language, "platform", booking.platform)},
                           {"from", bridged_from.value_or("")}}));
    data.set("is_phone", is_phone);
    data.set("interpreter_booked", booking.interpreter);
    data.set("speaker_assigned", booking.interpreter_requested && !booking.interpreter);
    add_booking_details(data, site, language, booking);
    return page(site, req, http::status::ok, "confirmation", language,
                "/?unit=" + booking.unit + "&lang=", data);
}

}  // namespace samtal
