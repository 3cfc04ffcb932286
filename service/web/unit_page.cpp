// The unit page (GET /unit): who the unit is, in its own words, and where and when its
// advisors work.
#include <algorithm>
#include <array>
#include <kainjow/mustache.hpp>

#include "service/i18n/messages.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/page_parts.hpp"
#include "service/web/page_text.hpp"
#include "service/web/pages.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

// The hours a site is open, for the unit page: on each weekday (0 is Monday), the periods in
// which at least one of its advisors works, overlapping and touching periods joined.
std::array<std::vector<working_period>, 7> opening_hours(const advisor_list& advisors,
                                                         std::string_view site) {
    std::array<std::vector<working_period>, 7> open;
    for (std::size_t day = 0; day < open.size(); ++day) {
        std::vector<working_period> periods;
        for (const auto& advisor : advisors)
            if (advisor.active && advisor.site == site)
                periods.insert(periods.end(), advisor.hours[day].begin(), advisor.hours[day].end());
        std::sort(periods.begin(), periods.end(),
                  [](const auto& a, const auto& b) { return a.start < b.start; });
        for (const auto& period : periods) {
            if (!open[day].empty() && period.start <= open[day].back().end)
                open[day].back().end = std::max(open[day].back().end, period.end);
            else
                open[day].push_back(period);
        }
    }
    return open;
}

}  // namespace

void show_unit(const site_ptr& site, request&& req, respond_fn respond) {
    const auto& messages = site->messages;
    auto language = site->language_of(req);
    const auto* unit = requested_unit(site->units, req);
    if (!unit)
        return respond(error_page(*site, req, language, http::status::not_found, "unknown_unit"));
    mustache::data data;
    data.set("title", unit->name);
    data.set("unit_id", unit->id);
    data.set("unit_name", unit->name);
    auto welcome = unit->welcome.find(language);
    if (welcome == unit->welcome.end()) welcome = unit->welcome.find(messages.default_language());
    if (welcome != unit->welcome.end()) data.set("welcome", welcome->second);
    data.set("duration", fill(messages.text(language, "format.duration"),
                              {{"minutes", std::to_string(unit->conversation_minutes)}}));

    // Monday first, as the advisors' hours are written in the config.
    constexpr std::array<std::string_view, 7> week{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    mustache::data sites(mustache::data::type::list);
    auto advisors = site->roster.of(unit->id);
    for (const auto& office : unit->sites) {
        auto open = opening_hours(*advisors, office.id);
        mustache::data days(mustache::data::type::list);
        for (std::size_t day = 0; day < week.size(); ++day) {
            if (open[day].empty()) continue;
            std::string hours;
            for (const auto& period : open[day]) {
                if (!hours.empty()) hours += messages.text(language, "format.separator");
                hours +=
                    fill(messages.text(language, "format.period"),
                         {{"start", clock_time(period.start)}, {"end", clock_time(period.end)}});
            }
            mustache::data entry;
            entry.set("weekday",
                      capitalised(messages.text(language, "weekday." + std::string(week[day])),
                                  language));
            entry.set("hours", hours);
            days.push_back(entry);
        }
        mustache::data entry;
        entry.set("id", office.id);
        entry.set("name", office.name);
        entry.set("has_hours", !days.is_empty_list());
        entry.set("days", days);
        sites.push_back(entry);
    }
    data.set("sites", sites);
    respond(page(*site, req, http::status::ok, "unit", language,
                 "/unit?unit=" + unit->id + "&lang=", data));
}

}  // namespace samtal
