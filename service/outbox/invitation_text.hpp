// The words of an advisor's invitation: subject, summary and how to join, in the unit's staff
// language. Only here do the phone number and join link meet the message.
#pragma once

#include <optional>
#include <string>

#include "service/config/config.hpp"
#include "service/core/interpreter_agency.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {

// Where the booking's interpreter stands, for the advisor: the latest request and, when the
// interpreter joins by phone, their unsealed number.
struct interpreter_news {
    std::optional<interpreter_request> request;
    std::optional<std::string> phone;
};

// Everything an adapter needs to deliver the invitation. `contact` is the unsealed phone
// number or join link, when the booking still has one; `interpreter` the booking's interpreter
// request and the confirmed interpreter's number, once there is one.
outgoing_invitation compose_invitation(const booking_record& booking, itip_method method,
                                       const unit_config& unit, const advisor_config& advisor,
                                       const std::optional<std::string>& contact,
                                       const interpreter_news& interpreter,
                                       const message_catalog& messages, sys_seconds now);

// The request to the agency (and its readable form as an invitation to the agency's mailbox):
// the order's fields and, for a confirmed video interpreter only, `contact`, the join link.
agency_request compose_agency_request(const interpreter_request& request, itip_method method,
                                      const booking_record& booking, const unit_config& unit,
                                      const std::optional<std::string>& contact,
                                      const message_catalog& messages, sys_seconds now);

}  // namespace samtal
