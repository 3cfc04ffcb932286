#include "adapters/telephony/registry.hpp"

#include "adapters/telephony/twilio/twilio_conference.hpp"

namespace samtal {
namespace {

template <class bridge>
telephony_bridge_ptr make(const telephony_config& account, const outgoing_config& outgoing) {
    return std::make_unique<bridge>(account, outgoing);
}

}  // namespace

const registry_table<telephony_factory>& telephony_providers() {
    static const registry_table<telephony_factory> table{
        {"twilio", &make<twilio_conference>},
    };
    return table;
}

telephony_bridge_ptr make_telephony_bridge(const telephony_config& account,
                                           const outgoing_config& outgoing) {
    const auto* make = telephony_providers().find(account.provider);
    return make ? (*make)(account, outgoing) : nullptr;
}

bool is_telephony_provider(std::string_view name) {
    return telephony_providers().find(name) != nullptr;
}

}  // namespace samtal
