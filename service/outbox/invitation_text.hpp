// The words of an advisor's invitation: subject, summary and how to join, in the unit's staff
// language. Only here do the phone number and join link meet the message.
#pragma once

#include <optional>
#include <string>

#include "service/config/config.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/web/messages.hpp"

namespace samtal {

// Everything an adapter needs to deliver the invitation. `contact` is the unsealed phone
// number or join link, when the booking still has one; `interpreter_phone` the confirmed
// interpreter's number, once there is one (for a phone conversation with an interpreter).
outgoing_invitation compose_invitation(const booking_record& booking, itip_method method,
                                       const unit_config& unit, const advisor_config& advisor,
                                       const std::optional<std::string>& contact,
                                       const std::optional<std::string>& interpreter_phone,
                                       const message_catalog& messages, sys_seconds now);

// Replaces each "{name}" in `text` with its value.
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace samtal
