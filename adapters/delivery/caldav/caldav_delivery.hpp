// CalDAV (RFC 4791): the event is PUT into the advisor's calendar collection, created with
// If-None-Match: * and updated with If-Match on the stored ETag; a cancellation DELETEs it.
#pragma once

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/core/unit.hpp"

namespace samtal {

invitation_delivery_ptr make_caldav_delivery(const caldav_settings& settings,
                                             const outgoing_config& outgoing);

}  // namespace samtal
