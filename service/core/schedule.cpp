#include "service/core/schedule.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>

namespace samtal {
namespace {

using std::chrono::minutes;

bool absent(const advisor_config& advisor, local_minutes start, local_minutes end) {
    return std::any_of(advisor.absences.begin(), advisor.absences.end(),
                       [&](const absence& a) { return start < a.until && a.from < end; });
}

// Each advisor's booked conversations in order of start, so that whether an advisor is busy
// at a time is a binary search, not a walk over every conversation the unit has booked.
class busy_index {
public:
    busy_index(const advisor_list& advisors, const std::vector<busy_period>& busy)
        : periods_(advisors.size()) {
        std::unordered_map<std::string_view, std::size_t> advisor_at;
        for (std::size_t i = 0; i < advisors.size(); ++i) advisor_at.emplace(advisors[i].id, i);
        for (const auto& b : busy)
            if (auto found = advisor_at.find(b.advisor); found != advisor_at.end())
                periods_[found->second].push_back({b.start, b.end});
        for (auto& periods : periods_) {
            std::sort(periods.begin(), periods.end(),
                      [](const period& a, const period& b) { return a.start < b.start; });
            // Each entry keeps the latest end up to it: periods may overlap (a booking in
            // the store next to one being moved), so the last one alone does not decide.
            for (std::size_t i = 1; i < periods.size(); ++i)
                periods[i].latest_end = std::max(periods[i].latest_end, periods[i - 1].latest_end);
        }
    }

    // Whether the advisor at `advisor` (the unit's order) is in a conversation, or its
    // buffer, that touches [start, end_with_buffer).
    bool busy(std::size_t advisor, sys_minutes start, sys_minutes end_with_buffer,
              minutes buffer) const {
        const auto& periods = periods_[advisor];
        // Of the conversations that start before the end, the one that ends latest decides.
        auto after = std::lower_bound(
            periods.begin(), periods.end(), end_with_buffer,
            [](const period& entry, sys_minutes end) { return entry.start < end; });
        return after != periods.begin() && start < std::prev(after)->latest_end + buffer;
    }

private:
    struct period {
        sys_minutes start;
        sys_minutes latest_end;
    };
    std::vector<std::vector<period>> periods_;
};

// Monday is 0, as in advisor_config::hours.
unsigned weekday_index(date::local_days day) { return (date::weekday{day}.c_encoding() + 6) % 7; }

}  // namespace

booking_window window_at(const unit_config& unit, const date::time_zone& zone, sys_seconds now) {
    auto earliest = date::ceil<minutes>(now) + std::chrono::hours{unit.minimum_notice_hours};
    auto today = date::floor<date::days>(to_local(date::floor<minutes>(now), zone));
    auto last_midnight =
        local_minutes{(today + date::days{unit.horizon_days + 1}).time_since_epoch()};
    // Midnight exists in every zone samtal serves; fall back to UTC arithmetic if it does not.
    auto latest =
        to_instant(last_midnight, zone).value_or(sys_minutes{last_midnight.time_since_epoch()});
    return {earliest, latest};
}

std::vector<slot> free_slots(const unit_config& unit, const advisor_list& advisors,
                             const date::time_zone& zone, sys_minutes from, sys_minutes to,
                             const booking_window& window, const std::vector<busy_period>& busy) {
    from = std::max(from, window.earliest);
    to = std::min(to, window.latest);
    std::map<sys_minutes, slot> slots;
    if (from >= to) return {};
    const minutes length{unit.conversation_minutes};
    const minutes buffer{unit.buffer_minutes};
    const minutes step = length + buffer;

    // Walk the wall-clock days that the UTC range touches.
    auto first_day = date::floor<date::days>(to_local(from, zone)) - date::days{1};
    auto last_day = date::floor<date::days>(to_local(to, zone)) + date::days{1};
    // Advisors share wall times: each is turned into an instant once a day, not once per
    // advisor (the tz lookup is the costliest step here).
    std::map<int, std::optional<sys_minutes>> instants;
    auto instant_of = [&](local_minutes wall, int minute_of_day) {
        auto found = instants.find(minute_of_day);
        if (found == instants.end())
            found = instants.emplace(minute_of_day, to_instant(wall, zone)).first;
        return found->second;
    };
    const busy_index booked(advisors, busy);
    for (auto day = first_day; day <= last_day; day += date::days{1}) {
        auto weekday = weekday_index(day);
        instants.clear();
        for (std::size_t index = 0; index < advisors.size(); ++index) {
            const auto& advisor = advisors[index];
            if (!advisor.active) continue;
            for (const auto& period : advisor.hours[weekday]) {
                auto period_end = local_minutes{day.time_since_epoch()} + minutes{period.end.value};
                for (auto wall =
                         local_minutes{day.time_since_epoch()} + minutes{period.start.value};
                     wall + length <= period_end; wall += step) {
                    // A wall time the clocks skip in spring is no time at all.
                    auto start = instant_of(
                        wall, int((wall - local_minutes{day.time_since_epoch()}).count()));
                    if (!start || *start < from || *start >= to) continue;
                    auto end = *start + length;
                    if (absent(advisor, wall, wall + length)) continue;
                    if (booked.busy(index, *start, end + buffer, buffer)) continue;
                    auto& entry = slots[*start];
                    entry.start = *start;
                    entry.end = end;
                    entry.evening = minutes_of_day{int(
                                        (wall - local_minutes{day.time_since_epoch()}).count())} >=
                                    unit.evening_from;
                    entry.advisors.push_back(&advisor);
                }
            }
        }
    }

    std::vector<slot> result;
    result.reserve(slots.size());
    for (auto& [start, entry] : slots) {
        // Keep the unit's order of advisors, whatever order the days were walked in.
        std::sort(entry.advisors.begin(), entry.advisors.end());
        result.push_back(std::move(entry));
    }
    return result;
}

std::vector<const advisor_config*> assignment_order(const slot& free, std::string_view language,
                                                    const std::vector<busy_period>& busy_that_day,
                                                    std::string_view site) {
    auto order = free.advisors;
    // Each free advisor's bookings that day, counted once rather than per comparison.
    std::unordered_map<std::string_view, int> bookings;
    for (const auto* advisor : order) bookings[advisor->id] = 0;
    for (const auto& b : busy_that_day)
        if (auto counted = bookings.find(b.advisor); counted != bookings.end()) ++counted->second;
    auto load = [&](const advisor_config* advisor) { return bookings.at(advisor->id); };
    std::stable_sort(order.begin(), order.end(),
                     [&](const advisor_config* a, const advisor_config* b) {
                         bool a_speaks = !language.empty() && a->speaks(language);
                         bool b_speaks = !language.empty() && b->speaks(language);
                         if (a_speaks != b_speaks) return a_speaks;
                         bool a_here = !site.empty() && a->site == site;
                         bool b_here = !site.empty() && b->site == site;
                         if (a_here != b_here) return a_here;
                         return load(a) < load(b);
                     });
    return order;
}

bool works_at(const advisor_config& advisor, const date::time_zone& zone, sys_minutes start,
              sys_minutes end) {
    if (!advisor.active) return false;
    auto from = to_local(start, zone);
    auto until = to_local(end, zone);
    if (absent(advisor, from, until)) return false;
    auto day = date::floor<date::days>(from);
    auto midnight = local_minutes{day.time_since_epoch()};
    return std::any_of(advisor.hours[weekday_index(day)].begin(),
                       advisor.hours[weekday_index(day)].end(), [&](const working_period& period) {
                           return midnight + minutes{period.start.value} <= from &&
                                  until <= midnight + minutes{period.end.value};
                       });
}

bool speaker_free(const slot& free, std::string_view language) {
    return std::any_of(free.advisors.begin(), free.advisors.end(),
                       [&](const advisor_config* advisor) { return advisor->speaks(language); });
}

}  // namespace samtal
