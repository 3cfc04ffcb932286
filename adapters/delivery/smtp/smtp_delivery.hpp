// iMIP over SMTP (libcurl): STARTTLS or implicit TLS, authentication and timeouts from config.
#pragma once

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/core/unit.hpp"

namespace samtal {

invitation_delivery_ptr make_smtp_delivery(const smtp_settings& settings,
                                           const outgoing_config& outgoing);

}  // namespace samtal
