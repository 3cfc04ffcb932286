#include "service/core/advisor_roster.hpp"

namespace samtal {

const advisor_config* find_advisor(const advisor_list& advisors, std::string_view advisor_id) {
    for (const auto& advisor : advisors)
        if (advisor.id == advisor_id) return &advisor;
    return nullptr;
}

advisor_roster::advisor_roster(const std::vector<unit_config>& units) {
    for (const auto& unit : units)
        units_[unit.id] = std::make_shared<const advisor_list>(unit.advisors_from_file);
}

std::shared_ptr<const advisor_list> advisor_roster::of(std::string_view unit) const {
    static const auto none = std::make_shared<const advisor_list>();
    std::lock_guard lock(mutex_);
    auto found = units_.find(unit);
    return found == units_.end() ? none : found->second;
}

void advisor_roster::replace(const std::string& unit, advisor_list advisors) {
    std::vector<std::function<void()>> listeners;
    {
        std::lock_guard lock(mutex_);
        units_[unit] = std::make_shared<const advisor_list>(std::move(advisors));
        listeners = listeners_;
    }
    for (const auto& listener : listeners) listener();
}

void advisor_roster::on_change(std::function<void()> listener) {
    std::lock_guard lock(mutex_);
    listeners_.push_back(std::move(listener));
}

}  // namespace samtal
