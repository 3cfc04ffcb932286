// The telephony providers by name. Adding one is a folder under adapters/telephony/ and one
// line here; a unit names its provider in [units.telephony].
#include <map>

#include "adapters/telephony/twilio/twilio_conference.hpp"
#include "service/core/telephony.hpp"

namespace samtal {
namespace {

using bridge_factory = telephony_bridge_ptr (*)(const telephony_config&, const outgoing_config&);

template <class bridge>
telephony_bridge_ptr make(const telephony_config& account, const outgoing_config& outgoing) {
    return std::make_unique<bridge>(account, outgoing);
}

const std::map<std::string_view, bridge_factory>& providers() {
    static const std::map<std::string_view, bridge_factory> registry{
        {"twilio", &make<twilio_conference>},
    };
    return registry;
}

}  // namespace

telephony_bridge_ptr make_telephony_bridge(const telephony_config& account,
                                           const outgoing_config& outgoing) {
    auto found = providers().find(account.provider);
    return found == providers().end() ? nullptr : found->second(account, outgoing);
}

bool is_telephony_provider(std::string_view name) { return providers().contains(name); }

std::vector<std::string_view> telephony_provider_names() {
    std::vector<std::string_view> names;
    for (const auto& [name, factory] : providers()) names.push_back(name);
    return names;
}

}  // namespace samtal
