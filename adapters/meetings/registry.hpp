// The adapters for meetings a unit hosts on its own platform account, made on first use and
// kept, because they cache their access tokens. Which platforms can host is one line each in
// registry.cpp; the parent-link checks are found through find_meeting_platform().
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "service/config/config.hpp"
#include "service/core/meeting_platform.hpp"

namespace samtal {

class meeting_hosts {
public:
    explicit meeting_hosts(outgoing_config outgoing) : outgoing_(std::move(outgoing)) {}

    // The adapter for the unit's account on `platform`, or nullptr when it has none.
    meeting_host* host_for(const unit_config& unit, std::string_view platform);

private:
    outgoing_config outgoing_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::unique_ptr<meeting_host>> hosts_;
};

}  // namespace samtal
