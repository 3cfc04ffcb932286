// The telephony providers by name. Adding one is a folder under adapters/telephony/ and one
// line in registry.cpp; a unit names its provider in [units.telephony].
#pragma once

#include <string_view>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "adapters/registry_table.hpp"
#include "service/core/telephony.hpp"
#include "service/core/unit.hpp"

namespace samtal {

using telephony_factory = telephony_bridge_ptr (*)(const telephony_config& account,
                                                   const outgoing_config& outgoing);

using text_messenger_factory = text_messenger_ptr (*)(const telephony_config& account,
                                                      const outgoing_config& outgoing);

const registry_table<telephony_factory>& telephony_providers();

// A bridge on the unit's account with the provider it names, or nullptr for an unknown one.
telephony_bridge_ptr make_telephony_bridge(const telephony_config& account,
                                           const outgoing_config& outgoing);
bool is_telephony_provider(std::string_view name);

// Text messages (the parents' reminders) through the unit's provider, or nullptr for an
// unknown one. Every telephony provider sends texts too.
text_messenger_ptr make_text_messenger(const telephony_config& account,
                                       const outgoing_config& outgoing);

}  // namespace samtal
