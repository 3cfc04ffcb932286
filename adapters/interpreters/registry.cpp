#include "adapters/interpreters/registry.hpp"

#include "adapters/interpreters/email/email_agency.hpp"
#include "adapters/interpreters/http/http_agency.hpp"

namespace samtal {

const registry_table<agency_factory>& interpreter_agency_kinds() {
    static const registry_table<agency_factory> table{
        {"email",
         [](const unit_config& unit, delivery_registry& deliveries,
            const outgoing_config&) -> interpreter_agency_ptr {
             return std::make_unique<email_agency>(
                 deliveries.delivery_named(unit, unit.interpreters.delivery));
         }},
        {"http",
         [](const unit_config& unit, delivery_registry&,
            const outgoing_config& outgoing) -> interpreter_agency_ptr {
             return std::make_unique<http_agency>(unit.interpreters, outgoing);
         }},
    };
    return table;
}

interpreter_agency* interpreter_agencies::agency_for(const unit_config& unit) {
    const auto& kind = unit.interpreters.agency;
    if (kind.empty()) return nullptr;
    std::lock_guard lock(mutex_);
    auto& agency = agencies_[unit.id];
    if (!agency) agency = interpreter_agency_kinds().at(kind)(unit, deliveries_, outgoing_);
    return agency.get();
}

}  // namespace samtal
