#include "adapters/meetings/registry.hpp"

#include "adapters/meetings/facetime/facetime_link.hpp"
#include "adapters/meetings/teams/graph_meetings.hpp"
#include "adapters/meetings/teams/teams_link.hpp"
#include "adapters/meetings/zoom/zoom_link.hpp"
#include "adapters/meetings/zoom/zoom_meetings.hpp"
#include "service/core/validation.hpp"

namespace samtal {
namespace {

template <class host>
std::unique_ptr<meeting_host> make_host(const hosted_meetings_config& account,
                                        const outgoing_config& outgoing) {
    return std::make_unique<host>(account, outgoing);
}

}  // namespace

const registry_table<meeting_platform_kind>& meeting_platform_kinds() {
    // In alphabetical order, as config's messages list them.
    static const registry_table<meeting_platform_kind> table{
        {"facetime", {std::make_shared<facetime_link_platform>()}},
        // "Skype / Teams" on the form: Skype's users moved to Teams, so it takes Teams links.
        {"skype", {std::make_shared<teams_link_platform>()}},
        {"teams", {std::make_shared<teams_link_platform>(), &make_host<graph_meetings>}},
        {"zoom", {std::make_shared<zoom_link_platform>(), &make_host<zoom_meetings>}},
    };
    return table;
}

const meeting_platform* find_meeting_platform(std::string_view name) {
    const auto* kind = meeting_platform_kinds().find(name);
    return kind ? kind->links.get() : nullptr;
}

link_verdict check_meeting_link(std::string_view platform, std::string_view link) {
    return check_join_link(find_meeting_platform(platform), link);
}

std::vector<std::string_view> meeting_host_names() {
    std::vector<std::string_view> names;
    for (auto name : meeting_platform_kinds().names())
        if (meeting_platform_kinds().find(name)->host) names.push_back(name);
    return names;
}

meeting_host* meeting_hosts::host_for(const unit_config& unit, std::string_view platform) {
    const auto* account = unit.hosted_meetings_on(platform);
    const auto* kind = meeting_platform_kinds().find(platform);
    if (!account || !kind || !kind->host) return nullptr;
    std::lock_guard lock(mutex_);
    auto& host = hosts_[{unit.id, std::string(platform)}];
    if (!host) host = kind->host(*account, outgoing_);
    return host.get();
}

}  // namespace samtal
