#include "adapters/meetings/teams/teams_link.hpp"

#include <vector>

#include "adapters/meetings/link_parts.hpp"

namespace samtal {
namespace {

using namespace link_parts;

// Meeting ids of the /meet/ links are 10 to 15 digits.
bool meeting_id(std::string_view id) {
    return id.size() >= 10 && id.size() <= 15 && all_of(id, digit);
}

// A meeting's chat thread: "19:meeting_<base64-like id>@thread.v2".
bool thread_id(std::string_view text) {
    return text.size() <= 256 && all_of(text, [](char c) {
               return alphanumeric(c) || c == ':' || c == '_' || c == '-' || c == '@' || c == '.';
           });
}

bool passcode(std::string_view text) {
    return text.size() >= 4 && text.size() <= 64 && all_of(text, alphanumeric);
}

// meetup-join's `context`: percent-encoded JSON with the tenant and organizer ids, so once
// decoded only letters, digits and the characters such JSON needs.
bool context_value(std::string_view encoded) {
    auto text = decoded(encoded);
    return text && text->size() <= 1024 && all_of(*text, [](char c) {
               return alphanumeric(c) || c == '-' || c == '_' || c == '.' || c == '{' || c == '}' ||
                      c == '"' || c == ':' || c == ',' || c == '@';
           });
}

}  // namespace

link_verdict teams_link_platform::check_link(boost::urls::url_view link,
                                             std::string_view host) const {
    if (host_is_or_under(host, "skype.com")) return link_verdict::refuse("skype_retired");
    if (host != "teams.microsoft.com" && host != "teams.live.com")
        return link_verdict::refuse(host_is_or_under(host, "microsoft.com") ||
                                            host_is_or_under(host, "live.com")
                                        ? "not_meeting_link"
                                        : "wrong_platform");
    std::vector<std::string> path;
    for (auto segment : link.segments()) path.push_back(segment);
    if (!path.empty() && path.back().empty()) path.pop_back();
    std::string origin = "https://" + std::string(host);

    // teams.microsoft.com/dl/launcher/... only forwards to the meeting link inside it.
    if (host == "teams.microsoft.com" && !path.empty() && path[0] == "dl")
        return link_verdict::refuse("redirect_link");

    if (path.size() == 2 && path[0] == "meet") {
        auto p = query_value(link, "p");
        if (!meeting_id(path[1]) || !p || !passcode(*p))
            return link_verdict::refuse("incomplete_link");
        return {origin + "/meet/" + path[1] + "?p=" + *p, "teams", ""};
    }
    if (host == "teams.microsoft.com" && path.size() >= 2 && path[0] == "l" &&
        path[1] == "meetup-join") {
        // /l/meetup-join/19:meeting_<id>@thread.v2/0?context=...: the thread and the context
        // together are the meeting; both are kept exactly as written.
        if (path.size() != 4 || !path[2].starts_with("19:meeting_") || !thread_id(path[2]) ||
            !(path[2].ends_with("@thread.v2") || path[2].ends_with("@thread.skype")) ||
            !all_of(path[3], digit) || path[3].empty())
            return link_verdict::refuse("incomplete_link");
        auto segments = link.encoded_segments();
        auto at = segments.begin();
        std::advance(at, 2);
        std::string normal = origin + "/l/meetup-join/" + std::string(*at) + "/" + path[3];
        if (auto context = query_value(link, "context")) {
            if (!context_value(*context)) return link_verdict::refuse("incomplete_link");
            normal += "?context=" + *context;
        }
        return {normal, "teams", ""};
    }
    return link_verdict::refuse("not_meeting_link");
}

}  // namespace samtal
