// FaceTime links a parent makes on an Apple device:
// https://facetime.apple.com/join#v=1&p=<id>&k=<key>. Everything that matters is in the
// fragment and is kept exactly (a '+' in the key stays a '+'). People without an Apple device
// join from a browser, and the caller has to let them in.
#pragma once

#include "service/core/meeting_platform.hpp"

namespace samtal {

class facetime_link_platform final : public meeting_platform {
public:
    link_verdict check_link(boost::urls::url_view link, std::string_view host) const override;
};

}  // namespace samtal
