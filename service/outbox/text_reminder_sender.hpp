// The parents' text reminders the day before a phone conversation (core/text_reminder.hpp):
// each due reminder is marked as being sent and committed before the provider is asked, then
// composed from the booking (in the page language the parent booked in), sent to the booking's
// sealed number through the unit's telephony provider, and recorded with the provider's id.
// Refusals that leave the message unsent (429, 5xx, no connection) are retried with the
// outbox's backoff until the conversation starts; whatever might have gone out (an answer lost
// after the request left, or a crash mid-send) is never sent again. Neither the number nor the
// text is ever logged; the metrics count reminders sent and failed. Runs on the outbox
// worker's thread.
#pragma once

#include <map>

#include "service/config/config.hpp"
#include "service/core/clock.hpp"
#include "service/core/telephony.hpp"
#include "service/http/access_log.hpp"
#include "service/http/metrics.hpp"
#include "service/i18n/messages.hpp"
#include "service/privacy/sealed_box.hpp"
#include "service/store/text_reminder_store.hpp"

namespace samtal {

class text_reminder_sender {
public:
    text_reminder_sender(const config& settings, const message_catalog& messages,
                         text_reminder_store& reminders, const sealed_box& contact_box,
                         random_source random, metrics& stats, access_log& log);

    static constexpr int batch_size = 20;

    // One pass over at most batch_size reminders due at `now_ms` (Unix milliseconds); returns
    // how many were attempted.
    int send_due(std::int64_t now_ms);

    // The text of a booking's reminder in `language`: when, the unit, where to change or
    // cancel; nothing else.
    static std::string compose(const message_catalog& messages, const std::string& language,
                               const unit_config& unit, const booking_record& booking);

private:
    // One attempt at a reminder whose attempt is counted already; returns it as it should be
    // stored.
    text_reminder attempt(text_reminder reminder, std::int64_t now_ms);
    text_reminder give_up(text_reminder reminder, std::string reason);
    text_messenger* messenger_for(const unit_config& unit);

    const config& settings_;
    const message_catalog& messages_;
    text_reminder_store& reminders_;
    const sealed_box& box_;
    random_source random_;  // the retries' jitter
    metrics& stats_;
    access_log& log_;
    std::map<std::string, text_messenger_ptr, std::less<>> messengers_;  // by unit id
};

}  // namespace samtal
