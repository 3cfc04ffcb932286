#include "service/signin/pending_signins.hpp"

#include <algorithm>

namespace samtal {

void pending_signins::forget_expired() {
    auto oldest_allowed = now_() - lifetime_;
    std::erase_if(by_state_,
                  [&](const auto& entry) { return entry.second.started < oldest_allowed; });
}

void pending_signins::keep(pending_signin signin) {
    std::lock_guard lock(mutex_);
    forget_expired();
    // Many abandoned sign-ins (or someone starting them in a loop) must not grow memory.
    while (!by_state_.empty() && by_state_.size() >= capacity_) {
        auto oldest = std::min_element(
            by_state_.begin(), by_state_.end(),
            [](const auto& a, const auto& b) { return a.second.started < b.second.started; });
        by_state_.erase(oldest);
    }
    auto state = signin.state;
    by_state_.insert_or_assign(std::move(state), std::move(signin));
}

std::optional<pending_signin> pending_signins::take(std::string_view state) {
    std::lock_guard lock(mutex_);
    forget_expired();
    auto found = by_state_.find(state);
    if (found == by_state_.end()) return std::nullopt;
    auto signin = std::move(found->second);
    by_state_.erase(found);
    return signin;
}

std::size_t pending_signins::size() const {
    std::lock_guard lock(mutex_);
    return by_state_.size();
}

}  // namespace samtal
