// Delivery of calendar invitations to advisors, as the core needs it. Adapters under
// adapters/delivery/ implement it (spool, smtp, caldav); the outbox worker calls it.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "service/core/booking.hpp"
#include "service/core/outside_call.hpp"

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

// A delivery's outcome and, for caldav, the stored copy's new ETag.
struct delivery_result : outside_call_result {
    std::string etag;

    delivery_result() = default;
    delivery_result(delivery_status status, std::string reason, std::string etag = {})
        : outside_call_result{status, std::move(reason)}, etag(std::move(etag)) {}
    // A hosted meeting's or an agency's outcome decides an outbox message's fate as a
    // delivery's does, so the outbox takes either where it takes a delivery's.
    delivery_result(outside_call_result outcome) : outside_call_result(std::move(outcome)) {}
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
