// Meetings the unit hosts on Microsoft Teams through Microsoft Graph, as an app with the
// client-credentials grant (POST {login}/{tenant}/oauth2/v2.0/token) and an application access
// policy for the organizer: POST /users/{userId}/onlineMeetings to create, PATCH to move,
// DELETE to remove. The lobby is on: only the organizer bypasses it.
#pragma once

#include "adapters/meetings/provider_client.hpp"
#include "service/core/meeting_platform.hpp"

namespace samtal {

class graph_meetings final : public meeting_host, private provider_client {
public:
    graph_meetings(const hosted_meetings_config& settings, const outgoing_config& outgoing)
        : provider_client(settings, outgoing) {}

    outside_call_result create(const meeting_times& times, hosted_meeting& created) override;
    outside_call_result move(const std::string& id, const meeting_times& times) override;
    outside_call_result remove(const std::string& id) override;

private:
    token_request how_to_get_a_token() const override;
    std::string meeting_path(const std::string& id) const;
};

}  // namespace samtal
