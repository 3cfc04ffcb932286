// The interpreter agency adapters by kind, one per unit, chosen in [units.interpreters]. Adding
// a kind is a folder under adapters/interpreters/ and one line in registry.cpp.
#pragma once

#include <map>
#include <mutex>

#include "adapters/delivery/registry.hpp"
#include "service/core/interpreter_agency.hpp"

namespace samtal {

class interpreter_agencies {
public:
    interpreter_agencies(delivery_registry& deliveries, outgoing_config outgoing)
        : deliveries_(deliveries), outgoing_(std::move(outgoing)) {}

    // The unit's agency, or nullptr when it orders no interpreters from one.
    interpreter_agency* agency_for(const unit_config& unit);

private:
    delivery_registry& deliveries_;
    outgoing_config outgoing_;
    std::mutex mutex_;
    std::map<std::string, interpreter_agency_ptr> agencies_;
};

}  // namespace samtal
