// How a call to an outside system ended (a mail or calendar server, a meeting provider, an
// interpreter agency, a telephony provider), in the terms the outbox decides on: done, try
// again later, or give up. Every port that calls out answers with it, so that one retry policy
// serves them all and no adapter needs another adapter's result type.
#pragma once

#include <string>

namespace samtal {

enum class delivery_status {
    delivered,    // the server accepted it
    retry_later,  // a transient failure: connection refused, timeout, SMTP 4xx, HTTP 5xx/429/408
    failed_permanently,  // SMTP 5xx, HTTP 4xx: trying again will not help
};

struct outside_call_result {
    delivery_status status = delivery_status::retry_later;
    std::string reason;  // a short class of failure for operators, never message content
};

}  // namespace samtal
