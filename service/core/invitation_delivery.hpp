// Delivery of calendar invitations to advisors, as the core needs it. Adapters under
// adapters/delivery/ implement it (spool, smtp, caldav); the outbox worker calls it.
#pragma once

#include <memory>
#include <string>

#include "service/core/booking.hpp"

namespace samtal {

struct outgoing_invitation {
    itip_method method = itip_method::request;
    std::string calendar_uid;
    int sequence = 0;
    std::string organizer_name;
    std::string organizer_email;
    std::string recipient_name;
    std::string recipient_email;
    std::string calendar_url;  // the advisor's CalDAV collection, for caldav delivery
    std::string known_etag;    // the copy's ETag from an earlier delivery, for caldav
    // The outbox message this is: a message sent again after a crash keeps its Message-ID.
    std::int64_t outbox_id = 0;
    std::string subject;        // no person named
    std::string text;           // the plain-text part of the mail
    std::string ical;           // the VCALENDAR
    sys_seconds composed_at{};  // when the worker composed it: the mail's Date
    // Until when a copy may be kept where samtal itself keeps one (the spool folder): the
    // conversation's end plus the grace its contact data has, for the message carries it.
    sys_seconds keep_until{};
};

enum class delivery_status {
    delivered,    // the server accepted it
    retry_later,  // a transient failure: connection refused, timeout, SMTP 4xx, HTTP 5xx/429/408
    failed_permanently,  // SMTP 5xx, HTTP 4xx: trying again will not help
};

struct delivery_result {
    delivery_status status = delivery_status::retry_later;
    std::string reason;  // a short class of failure for operators, never message content
    std::string etag;    // caldav: the stored copy's new ETag
};

class invitation_delivery {
public:
    virtual ~invitation_delivery() = default;

    // Delivers one invitation; blocking (the outbox worker has its own thread). Must be
    // idempotent for the same UID and SEQUENCE: a retry after an uncertain send may repeat it.
    virtual delivery_result deliver(const outgoing_invitation& invitation) = 0;
};

using invitation_delivery_ptr = std::unique_ptr<invitation_delivery>;

}  // namespace samtal
