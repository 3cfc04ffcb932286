#include "adapters/interpreters/registry.hpp"

#include "adapters/interpreters/email/email_agency.hpp"
#include "adapters/interpreters/http/http_agency.hpp"

namespace samtal {

interpreter_agency* interpreter_agencies::agency_for(const unit_config& unit) {
    const auto& settings = unit.interpreters;
    if (settings.agency.empty()) return nullptr;
    std::lock_guard lock(mutex_);
    auto& agency = agencies_[unit.id];
    // Config validation (config.cpp) accepts exactly these kinds.
    if (!agency) {
        if (settings.agency == "email")
            agency =
                std::make_unique<email_agency>(deliveries_.delivery_named(unit, settings.delivery));
        else
            agency = std::make_unique<http_agency>(settings, outgoing_);
    }
    return agency.get();
}

}  // namespace samtal
