// Meetings the unit hosts on its Zoom account, through a Server-to-Server OAuth app:
// a token from POST https://zoom.us/oauth/token?grant_type=account_credentials&account_id=...,
// meetings created with POST /v2/users/{userId}/meetings (scheduled, waiting room on, a
// passcode), moved with PATCH /v2/meetings/{meetingId} and deleted with DELETE.
#pragma once

#include "adapters/meetings/provider_client.hpp"
#include "service/core/meeting_platform.hpp"

namespace samtal {

class zoom_meetings final : public meeting_host, private provider_client {
public:
    zoom_meetings(const hosted_meetings_config& settings, const outgoing_config& outgoing)
        : provider_client(settings, outgoing) {}

    outside_call_result create(const meeting_times& times, hosted_meeting& created) override;
    outside_call_result move(const std::string& id, const meeting_times& times) override;
    outside_call_result remove(const std::string& id) override;

private:
    token_request how_to_get_a_token() const override;
};

}  // namespace samtal
