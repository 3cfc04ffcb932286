#include "adapters/meetings/zoom/zoom_link.hpp"

#include <vector>

#include "adapters/meetings/link_parts.hpp"

namespace samtal {
namespace {

using namespace link_parts;

// Meeting ids are 9 to 11 digits (personal meeting ids 10, scheduled meetings 10 or 11).
bool meeting_id(std::string_view id) {
    return id.size() >= 9 && id.size() <= 11 && all_of(id, digit);
}

// An encoded passcode as Zoom writes it in links: letters, digits, '.', '_' and '-'.
bool passcode(std::string_view text) {
    return !text.empty() && text.size() <= 128 &&
           all_of(text, [](char c) { return alphanumeric(c) || c == '.' || c == '_' || c == '-'; });
}

// A personal link name (zoom.us/my/<name>): letters, digits, '.', '_' and '-'.
bool room_name(std::string_view name) {
    return name.size() >= 5 && name.size() <= 40 &&
           all_of(name, [](char c) { return alphanumeric(c) || c == '.' || c == '_' || c == '-'; });
}

}  // namespace

link_verdict zoom_link_platform::check_link(boost::urls::url_view link,
                                            std::string_view host) const {
    if (!host_is_or_under(host, "zoom.us") && !host_is_or_under(host, "zoomgov.com"))
        return link_verdict::refuse(host_is_or_under(host, "zoom.com") ? "not_meeting_link"
                                                                       : "wrong_platform");
    // zak is the host's access token: whoever opens the link joins as the host.
    if (query_value(link, "zak")) return link_verdict::refuse("host_link");
    std::vector<std::string> path;
    for (auto segment : link.segments()) path.push_back(segment);
    if (!path.empty() && path.back().empty()) path.pop_back();  // a trailing slash
    if (path.empty()) return link_verdict::refuse("not_meeting_link");
    const auto& kind = path[0];
    if (kind == "s") return link_verdict::refuse("host_link");

    std::string origin = "https://" + std::string(host);
    if (kind == "my") {
        if (path.size() != 2 || !room_name(path[1])) return link_verdict::refuse("incomplete_link");
        return {origin + "/my/" + path[1], "zoom", "", true};
    }
    // /j/<id> is the join link; /wc/join/<id> the same meeting in the browser client.
    std::string id;
    if (kind == "j" && path.size() == 2) {
        id = path[1];
    } else if (kind == "wc" && path.size() == 3 && path[1] == "join") {
        id = path[2];
    } else if (kind == "j" || kind == "wc") {
        return link_verdict::refuse("incomplete_link");
    } else {
        return link_verdict::refuse("not_meeting_link");
    }
    if (!meeting_id(id)) return link_verdict::refuse("incomplete_link");
    auto normal = origin + "/j/" + id;
    // Only the passcode matters; tracking and display-name parameters are dropped.
    if (auto pwd = query_value(link, "pwd")) {
        if (!passcode(*pwd)) return link_verdict::refuse("incomplete_link");
        normal += "?pwd=" + *pwd;
    }
    return {normal, "zoom", ""};
}

}  // namespace samtal
