// The meeting platforms by name. Adding one is a folder under adapters/meetings/ and one line
// here (two if units can host meetings on it); a unit offers the ones it names in config.
#include "adapters/meetings/registry.hpp"

#include "adapters/meetings/facetime/facetime_link.hpp"
#include "adapters/meetings/teams/graph_meetings.hpp"
#include "adapters/meetings/teams/teams_link.hpp"
#include "adapters/meetings/zoom/zoom_link.hpp"
#include "adapters/meetings/zoom/zoom_meetings.hpp"

namespace samtal {
namespace {

const std::map<std::string_view, std::shared_ptr<const meeting_platform>>& platforms() {
    static const auto teams = std::make_shared<teams_link_platform>();
    static const std::map<std::string_view, std::shared_ptr<const meeting_platform>> registry{
        {"zoom", std::make_shared<zoom_link_platform>()},
        {"teams", teams},
        // "Skype / Teams" on the form: Skype's users moved to Teams, so it takes Teams links.
        {"skype", teams},
        {"facetime", std::make_shared<facetime_link_platform>()},
    };
    return registry;
}

}  // namespace

const meeting_platform* find_meeting_platform(std::string_view name) {
    auto found = platforms().find(name);
    return found == platforms().end() ? nullptr : found->second.get();
}

meeting_host* meeting_hosts::host_for(const unit_config& unit, std::string_view platform) {
    const auto* account = unit.hosted_meetings_on(platform);
    if (!account) return nullptr;
    std::lock_guard lock(mutex_);
    auto& host = hosts_[{unit.id, std::string(platform)}];
    if (!host) {
        if (platform == "zoom") host = std::make_unique<zoom_meetings>(*account, outgoing_);
        if (platform == "teams") host = std::make_unique<graph_meetings>(*account, outgoing_);
    }
    return host.get();
}

std::vector<std::string_view> meeting_platform_names() {
    std::vector<std::string_view> names;
    for (const auto& [name, platform] : platforms()) names.push_back(name);
    return names;
}

}  // namespace samtal
