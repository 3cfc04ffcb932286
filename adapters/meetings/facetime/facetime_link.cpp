#include "adapters/meetings/facetime/facetime_link.hpp"

#include <map>

#include "adapters/meetings/link_parts.hpp"

namespace samtal {
namespace {

using namespace link_parts;

// The fragment's values are base64 in either alphabet, as FaceTime writes them.
bool base64_text(std::string_view text) {
    return text.size() >= 8 && text.size() <= 256 && all_of(text, [](char c) {
               return alphanumeric(c) || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
           });
}

// "v=1&p=...&k=..." into its values, exactly as written; nullopt when a name repeats.
std::optional<std::map<std::string, std::string, std::less<>>> fragment_values(
    std::string_view fragment) {
    std::map<std::string, std::string, std::less<>> values;
    while (!fragment.empty()) {
        auto end = fragment.find('&');
        auto pair = fragment.substr(0, end);
        auto equals = pair.find('=');
        if (equals != std::string_view::npos &&
            !values.emplace(pair.substr(0, equals), pair.substr(equals + 1)).second)
            return std::nullopt;
        fragment = end == std::string_view::npos ? std::string_view{} : fragment.substr(end + 1);
    }
    return values;
}

}  // namespace

link_verdict facetime_link_platform::check_link(boost::urls::url_view link,
                                                std::string_view host) const {
    if (host != "facetime.apple.com")
        return link_verdict::refuse(host_is_or_under(host, "apple.com") ? "not_meeting_link"
                                                                        : "wrong_platform");
    auto path = std::string_view(link.encoded_path());
    if (path != "/join" && path != "/join/") return link_verdict::refuse("not_meeting_link");
    if (!link.has_fragment()) return link_verdict::refuse("incomplete_link");
    auto values = fragment_values(link.encoded_fragment());
    if (!values) return link_verdict::refuse("incomplete_link");
    auto value = [&](std::string_view name) -> std::string_view {
        auto found = values->find(name);
        return found == values->end() ? std::string_view{} : std::string_view(found->second);
    };
    auto version = value("v");
    if (version.empty() || version.size() > 3 || !all_of(version, digit) ||
        !base64_text(value("p")) || !base64_text(value("k")))
        return link_verdict::refuse("incomplete_link");
    return {"https://facetime.apple.com/join#v=" + std::string(version) +
                "&p=" + std::string(value("p")) + "&k=" + std::string(value("k")),
            "facetime", ""};
}

}  // namespace samtal
