#include "service/core/advisor_rules.hpp"

#include <algorithm>

#include "service/core/languages.hpp"

namespace samtal {
namespace {

constexpr minutes_of_day k_end_of_day{24 * 60};
constexpr std::string_view k_weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool is_email(std::string_view text) {
    auto at = text.find('@');
    return text.size() <= 254 && at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
           text.find('@', at + 1) == std::string_view::npos &&
           std::none_of(text.begin(), text.end(), [](unsigned char c) { return c <= ' '; });
}

}  // namespace

bool is_advisor_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::vector<field_error> check_advisor(const unit_config& unit, const advisor_config& advisor) {
    std::vector<field_error> errors;
    if (!is_advisor_id(advisor.id)) errors.push_back({"id", "invalid_id"});
    if (advisor.name.empty() || advisor.name.size() > 200) errors.push_back({"name", "required"});
    if (std::none_of(unit.sites.begin(), unit.sites.end(),
                     [&](const site_config& site) { return site.id == advisor.site; }))
        errors.push_back({"site", "unknown_site"});
    if (!is_email(advisor.email)) errors.push_back({"email", "invalid_email"});
    for (const auto& language : advisor.languages)
        if (!find_language(language)) {
            errors.push_back({"languages", "unknown_language"});
            break;
        }
    for (std::size_t day = 0; day < 7; ++day) {
        auto periods = advisor.hours[day];
        std::sort(
            periods.begin(), periods.end(),
            [](const working_period& a, const working_period& b) { return a.start < b.start; });
        std::string field = "hours." + std::string(k_weekdays[day]);
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const auto& period = periods[i];
            if (period.start.value < 0 || period.end > k_end_of_day || period.end <= period.start) {
                errors.push_back({field, "invalid_period"});
                break;
            }
            if (i > 0 && period.start < periods[i - 1].end) {
                errors.push_back({field, "overlapping_period"});
                break;
            }
        }
    }
    return errors;
}

std::vector<field_error> check_absence(const advisor_config& advisor, const absence& away) {
    if (away.until <= away.from) return {{"to", "before_from"}};
    for (const auto& other : advisor.absences)
        if (away.from < other.until && other.from < away.until) return {{"from", "overlapping"}};
    return {};
}

}  // namespace samtal
