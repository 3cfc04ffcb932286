// The meeting platforms by name: each checks parents' links to its meetings, and a platform
// whose API lets a unit host meetings itself also makes the adapter for the unit's account.
// Adding a platform is a folder under adapters/meetings/ and one line in registry.cpp; a unit
// offers the ones it names in config.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "adapters/registry_table.hpp"
#include "service/core/meeting_platform.hpp"
#include "service/core/unit.hpp"

namespace samtal {

using meeting_host_factory = std::unique_ptr<meeting_host> (*)(
    const hosted_meetings_config& account, const outgoing_config& outgoing);

struct meeting_platform_kind {
    std::shared_ptr<const meeting_platform> links;
    meeting_host_factory host = nullptr;  // nullptr: units cannot host meetings on it
};

const registry_table<meeting_platform_kind>& meeting_platform_kinds();

// The platform registered under `name`, or nullptr.
const meeting_platform* find_meeting_platform(std::string_view name);

// check_join_link with the platform registered under `platform`.
link_verdict check_meeting_link(std::string_view platform, std::string_view link);

// The platforms a unit can host meetings on, for config's messages.
std::vector<std::string_view> meeting_host_names();

// The adapters for meetings a unit hosts on its own platform account, made on first use and
// kept, because they cache their access tokens.
class meeting_hosts {
public:
    explicit meeting_hosts(outgoing_config outgoing) : outgoing_(std::move(outgoing)) {}

    // The adapter for the unit's account on `platform`, or nullptr when it has none.
    meeting_host* host_for(const unit_config& unit, std::string_view platform);

private:
    outgoing_config outgoing_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<meeting_host>> hosts_;
};

}  // namespace samtal
