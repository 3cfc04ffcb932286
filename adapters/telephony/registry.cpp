#include "adapters/telephony/registry.hpp"

#include "adapters/telephony/twilio/twilio_conference.hpp"
#include "adapters/telephony/twilio/twilio_messages.hpp"

namespace samtal {
namespace {

template <class bridge>
telephony_bridge_ptr make(const telephony_config& account, const outgoing_config& outgoing) {
    return std::make_unique<bridge>(account, outgoing);
}

template <class messenger>
text_messenger_ptr make_messenger(const telephony_config& account,
                                  const outgoing_config& outgoing) {
    return std::make_unique<messenger>(account, outgoing);
}

// One provider's text messages, beside its calls in telephony_providers().
const registry_table<text_messenger_factory>& text_message_providers() {
    static const registry_table<text_messenger_factory> table{
        {"twilio", &make_messenger<twilio_messages>},
    };
    return table;
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

text_messenger_ptr make_text_messenger(const telephony_config& account,
                                       const outgoing_config& outgoing) {
    const auto* make = text_message_providers().find(account.provider);
    return make ? (*make)(account, outgoing) : nullptr;
}

bool is_telephony_provider(std::string_view name) {
    return telephony_providers().find(name) != nullptr;
}

}  // namespace samtal
