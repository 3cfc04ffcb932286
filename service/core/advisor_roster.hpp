// Who works in each unit now: the advisors with their hours, absences and languages, as the
// store has them (store/advisor_store.hpp). Staff change them while the service runs, so a
// reader takes a unit's list as a snapshot, valid for as long as the reader holds it; a change
// replaces the list whole.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "service/core/unit.hpp"

namespace samtal {

using advisor_list = std::vector<advisor_config>;

// The advisor with this id in `advisors`, retired or not, or nullptr.
const advisor_config* find_advisor(const advisor_list& advisors, std::string_view advisor_id);

class advisor_roster {
public:
    advisor_roster() = default;
    // Each unit's advisors as its configuration file names them (before the store has been
    // read, and in tests that need no store).
    explicit advisor_roster(const std::vector<unit_config>& units);

    // The unit's advisors, retired ones included (their conversations still need them); an
    // empty list for a unit without any.
    std::shared_ptr<const advisor_list> of(std::string_view unit) const;

    void replace(const std::string& unit, advisor_list advisors);

    // Runs after every replace: the kept availability and form pages are dropped with it.
    void on_change(std::function<void()> listener);

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<const advisor_list>, std::less<>> units_;
    std::vector<std::function<void()>> listeners_;
};

}  // namespace samtal
