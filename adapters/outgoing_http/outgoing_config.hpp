// Where outgoing calls may connect, as the operator configures it ([outgoing]).
#pragma once

#include <string>
#include <vector>

namespace samtal {

// Outgoing calls (CalDAV, SMTP, ...) connect only to public internet addresses; a host named
// here (as written in its URL) may also be on a loopback, private or link-local address.
struct outgoing_config {
    std::vector<std::string> allow_private_hosts;
};

}  // namespace samtal
