#include "service/web/page_parts.hpp"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <optional>

#include "service/http/request_fields.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

// The form offers the next two weeks: enough to choose from, short enough to read on a phone.
constexpr date::days k_times_shown{14};

// ----- the languages on the form -----

// The languages worth marking at a time: those some advisors speak and others do not. When
// every advisor speaks a language, a time "with an advisor who speaks it" says nothing.
std::vector<std::string_view> languages_worth_marking(const advisor_list& advisors) {
    std::vector<std::string_view> worth;
    for (const auto& advisor : advisors)
        for (const auto& code : advisor.languages)
            if (advisor.active && std::find(worth.begin(), worth.end(), code) == worth.end() &&
                !std::all_of(advisors.begin(), advisors.end(), [&](const advisor_config& other) {
                    return !other.active || other.speaks(code);
                }))
                worth.push_back(code);
    return worth;
}

// Of the languages worth marking, those an advisor free at the time speaks.
std::vector<std::string_view> marked_languages(const std::vector<std::string_view>& worth,
                                               const available_time& time) {
    std::vector<std::string_view> codes;
    for (auto code : worth)
        if (std::any_of(time.advisors_free.begin(), time.advisors_free.end(),
                        [&](const advisor_config* advisor) { return advisor->speaks(code); }))
            codes.push_back(code);
    return codes;
}

}  // namespace

void add_errors(mustache::data& data, const message_catalog& messages, std::string_view language,
                const std::vector<field_error>& errors,
                const std::set<std::string_view>& fields_on_page) {
    mustache::data summary(mustache::data::type::list);
    mustache::data by_field;
    std::set<std::string> shown;
    for (const auto& error : errors) {
        const auto& text = messages.field_error(language, error.field, error.code);
        mustache::data item;
        item.set("message", text);
        if (fields_on_page.contains(error.field)) item.set("anchor", error.field);
        summary.push_back(item);
        if (shown.insert(error.field).second) by_field.set(error.field, text);
    }
    data.set("has_errors", !errors.empty());
    data.set("errors", summary);
    data.set("field_errors", by_field);
}

result<availability> upcoming_times(booking_service& bookings, const unit_config& unit,
                                    std::string_view language) {
    auto to = date::floor<std::chrono::minutes>(bookings.now()) + k_times_shown;
    return bookings.find_availability(
        {unit.id, "", format_rfc3339(to, bookings.zone_of(unit)), "",
         unit.offers_language(language) ? std::string(language) : ""});
}
void add_times(mustache::data& data, const message_catalog& messages, std::string_view language,
               const availability& found, std::string_view chosen_start,
               const speaker_marks* marks) {
    auto times = found.times;
    std::sort(times.begin(), times.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    mustache::data days(mustache::data::type::list);
    mustache::data day_times(mustache::data::type::list);
    std::optional<date::local_days> day;
    auto close_day = [&] {
        if (!day) return;
        mustache::data entry;
        entry.set("legend",
                  capitalised(day_label(messages, language, *day, "format.day"), language));
        entry.set("first", days.is_empty_list());
        entry.set("times", day_times);
        days.push_back(entry);
        day_times = mustache::data(mustache::data::type::list);
    };
    int index = 0;
    bool any_marked = false;
    auto worth_marking = marks && found.advisors ? languages_worth_marking(*found.advisors)
                                                 : std::vector<std::string_view>{};
    for (const auto& time : times) {
        auto wall = to_local(time.start, *found.zone);
        auto wall_day = date::floor<date::days>(wall);
        if (day != wall_day) {
            close_day();
            day = wall_day;
        }
        auto value = format_rfc3339(time.start, *found.zone);
        mustache::data radio;
        radio.set("id", "start-" + std::to_string(index++));
        radio.set("label", clock_time(wall));
        radio.set("evening", time.evening);
        radio.set("checked", value == chosen_start);
        radio.set("value", value);
        if (marks) {
            auto spoken = marked_languages(worth_marking, time);
            bool marked = std::find(spoken.begin(), spoken.end(), marks->language) != spoken.end();
            any_marked = any_marked || marked;
            // Space-separated for steps.js, which moves the marks when the parent picks
            // another language.
            std::string listed;
            for (auto code : spoken) {
                if (!listed.empty()) listed += ' ';
                listed += code;
            }
            radio.set("speakers", listed);
            radio.set("speaker", marked);
        }
        day_times.push_back(radio);
    }
    close_day();
    data.set("has_times", !times.empty());
    data.set("days", days);
    data.set("marks_speakers", marks != nullptr);
    data.set("any_speaker_marked", any_marked);
}

mustache::data choice(std::string_view value, std::string label, bool chosen) {
    mustache::data item;
    item.set("value", std::string(value));
    item.set("label", std::move(label));
    item.set("checked", chosen);
    item.set("selected", chosen);
    return item;
}

const unit_config* requested_unit(const std::vector<unit_config>& units, const request& req) {
    auto unit_id = query_parameter(req.target(), "unit");
    if (unit_id.empty()) return units.empty() ? nullptr : &units.front();
    return find_unit(units, unit_id);
}

}  // namespace samtal
