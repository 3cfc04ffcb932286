// Zoom meeting links a parent hosts: https://zoom.us/j/<meeting id>?pwd=<passcode> on zoom.us,
// its regional and company ("vanity") subdomains, and Zoom for Government (zoomgov.com).
#pragma once

#include "service/core/meeting_platform.hpp"

namespace samtal {

class zoom_link_platform final : public meeting_platform {
public:
    link_verdict check_link(boost::urls::url_view link, std::string_view host) const override;
};

}  // namespace samtal
