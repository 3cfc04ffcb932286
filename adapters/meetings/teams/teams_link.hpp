// Microsoft Teams meeting links a parent hosts: work or school meetings
// (teams.microsoft.com/l/meetup-join/... and teams.microsoft.com/meet/<id>?p=<passcode>) and
// Teams free (teams.live.com/meet/<id>?p=<passcode>). Skype links are answered with how to
// make a Teams link instead: Microsoft retired Skype on 5 May 2025 and moved its users to
// Teams, so the form's "Skype / Teams" is this platform too.
#pragma once

#include "service/core/meeting_platform.hpp"

namespace samtal {

class teams_link_platform final : public meeting_platform {
public:
    link_verdict check_link(boost::urls::url_view link, std::string_view host) const override;
};

}  // namespace samtal
