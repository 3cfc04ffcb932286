// The delivery adapters by name, chosen per unit (and per advisor) in config. Adding one is a
// folder under adapters/delivery/ and one line in registry.cpp.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "adapters/registry_table.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/core/unit.hpp"

namespace samtal {

// Makes a unit's adapter from its invitation settings; the spool writes below the data folder.
using delivery_factory = invitation_delivery_ptr (*)(const invitations_config& invitations,
                                                     const std::filesystem::path& data_dir,
                                                     const outgoing_config& outgoing);

// "spool", "smtp", "caldav": config accepts exactly these names.
const registry_table<delivery_factory>& delivery_kinds();

class delivery_registry {
public:
    delivery_registry(std::filesystem::path data_dir, outgoing_config outgoing)
        : data_dir_(std::move(data_dir)), outgoing_(std::move(outgoing)) {}

    // The adapter for this advisor's invitations: the advisor's own choice, else the unit's.
    invitation_delivery& delivery_for(const unit_config& unit, const advisor_config& advisor);
    // The unit's adapter of this kind ("spool", "smtp", "caldav"), e.g. for an agency's mailbox.
    invitation_delivery& delivery_named(const unit_config& unit, const std::string& kind);

private:
    std::filesystem::path data_dir_;
    outgoing_config outgoing_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, invitation_delivery_ptr> adapters_;
};

}  // namespace samtal
