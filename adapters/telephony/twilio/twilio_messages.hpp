// Text messages through Twilio's Programmable Messaging: POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded (To, From or
// MessagingServiceSid, Body), HTTP Basic with the account SID and auth token. Twilio answers
// 201 with the message resource ({"sid": "SM...", "status": "queued" or "accepted", ...}) and
// refuses with {"code", "message", "more_info", "status"}; only the code is kept, as the
// message may quote the number.
#pragma once

#include "adapters/outgoing_http/curl_call.hpp"
#include "service/core/telephony.hpp"

namespace samtal {

class twilio_messages final : public text_messenger {
public:
    twilio_messages(const telephony_config& account, const outgoing_config& outgoing)
        : account_(account), outgoing_(outgoing) {}

    text_message_result send(const text_message& message) override;

private:
    const telephony_config& account_;
    const outgoing_config& outgoing_;
};

}  // namespace samtal
