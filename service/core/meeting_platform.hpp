// What the core asks of a meeting platform: whether a link a parent pasted is a meeting of
// that platform, and its normal form. Each platform is an adapter under adapters/meetings/,
// found by name in the registry there; a unit names the platforms it offers in config.
#pragma once

#include <boost/url/url_view.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "service/core/outside_call.hpp"
#include "service/core/wall_time.hpp"

namespace samtal {

// A refused link carries one of these codes, which the form and the API word for the parent.
//   invalid_link       not a link at all, or a scheme other than https, or an IP address
//   not_https          an http: link to a meeting
//   too_long           longer than any meeting link
//   credentials_in_link   user name or password inside the link
//   lookalike_link     a host in another alphabet that looks like a platform's host
//   redirect_link      a link that only forwards to another (mail safe-links, shorteners)
//   wrong_platform     a link to another app, or to a site that is no meeting platform
//   not_meeting_link   the platform's own site, but not a meeting (home page, recordings)
//   incomplete_link    a meeting link with its meeting id or passcode missing or damaged
//   host_link          a host's start link: it would hand over the host's identity
//   skype_retired      a Skype link; Skype closed in May 2025
struct link_verdict {
    std::optional<std::string> link;  // the normal form, when accepted
    std::string platform;             // whose meeting it is: a "Skype / Teams" link is Teams
    std::string refusal;              // the code, when refused
    bool personal_room = false;       // a standing personal room rather than one meeting

    static link_verdict refuse(std::string code) { return {std::nullopt, {}, std::move(code)}; }
};

class meeting_platform {
public:
    virtual ~meeting_platform() = default;

    // `link` has passed the checks every platform shares (https, no credentials or port, an
    // ASCII host name); `host` is its host in lower case without a trailing dot.
    virtual link_verdict check_link(boost::urls::url_view link, std::string_view host) const = 0;
};

// A meeting the unit hosts on its own platform account, for a parent without one.
struct hosted_meeting {
    std::string id;         // the provider's id, to move or delete it
    std::string join_link;  // for the parent and the advisor; never the host's start link
};

struct meeting_times {
    sys_minutes start;
    sys_minutes end;
    std::string subject;  // the unit's name: nothing about the parent
};

// Creating, moving and deleting hosted meetings through the provider's API. Blocking: only
// the outbox worker calls it, on its own thread. Retried later on 429, 5xx and no answer;
// given up on other refusals.
class meeting_host {
public:
    virtual ~meeting_host() = default;
    virtual outside_call_result create(const meeting_times& times, hosted_meeting& created) = 0;
    virtual outside_call_result move(const std::string& id, const meeting_times& times) = 0;
    // A meeting the provider no longer knows counts as removed.
    virtual outside_call_result remove(const std::string& id) = 0;
};

// The platform registered under a name, or nullptr: the registry under adapters/meetings/ is
// the one the service is given.
using meeting_platform_lookup = std::function<const meeting_platform*(std::string_view name)>;

// True when `host` is `domain` or a subdomain of it.
bool host_is_or_under(std::string_view host, std::string_view domain);

}  // namespace samtal
