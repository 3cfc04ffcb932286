// The interpreter agency adapters by kind, one per unit, chosen in [units.interpreters]. Adding
// a kind is a folder under adapters/interpreters/ and one line in registry.cpp.
#pragma once

#include <map>
#include <mutex>

#include "adapters/delivery/registry.hpp"
#include "adapters/registry_table.hpp"
#include "service/core/interpreter_agency.hpp"

namespace samtal {

// Makes a unit's agency from its [units.interpreters] settings; an agency that takes requests
// by mail sends them through one of the unit's deliveries.
using agency_factory = interpreter_agency_ptr (*)(const unit_config& unit,
                                                  delivery_registry& deliveries,
                                                  const outgoing_config& outgoing);

// "email", "http": config accepts exactly these kinds.
const registry_table<agency_factory>& interpreter_agency_kinds();

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
