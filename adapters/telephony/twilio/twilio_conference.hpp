// Three-way calls through Twilio's Programmable Voice: each person is called into a named
// conference with the Conference Participants API (POST
// /2010-04-01/Accounts/{AccountSid}/Conferences/{FriendlyName}/Participants.json, form-encoded,
// HTTP Basic with the account SID and auth token). Twilio opens the conference on the first
// participant and closes it when the last one leaves. Its state is read from the Conference
// list (GET .../Conferences.json?FriendlyName=...) and its Participants list (GET
// .../Conferences/{ConferenceSid}/Participants.json), which holds only calls not yet ended.
#pragma once

#include "adapters/outgoing_http/curl_call.hpp"
#include "service/core/telephony.hpp"

namespace samtal {

class twilio_conference final : public telephony_bridge {
public:
    twilio_conference(const telephony_config& account, const outgoing_config& outgoing)
        : account_(account), outgoing_(outgoing) {}

    outside_call_result dial(const conference_dial& dial) override;
    outside_call_result look_up(const std::string& conference, conference_state& state) override;

private:
    // One call to the account's part of the API: `path` follows /Accounts/{AccountSid}; a
    // non-empty `form` makes it a POST.
    json_answer exchange(const std::string& path, const std::string& form);

    const telephony_config& account_;
    const outgoing_config& outgoing_;
};

}  // namespace samtal
