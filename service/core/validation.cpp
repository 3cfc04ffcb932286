#include "service/core/validation.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

namespace samtal {
namespace {

bool host_is_or_under(std::string_view host, std::string_view domain) {
    if (host == domain) return true;
    return host.size() > domain.size() + 1 && host.ends_with(domain) &&
           host[host.size() - domain.size() - 1] == '.';
}

bool platform_host(std::string_view platform, std::string_view host) {
    if (platform == "zoom")
        return host_is_or_under(host, "zoom.us") || host_is_or_under(host, "zoomgov.com");
    // Skype's users were moved to Teams: "Skype / Teams" takes a Teams link.
    if (platform == "teams" || platform == "skype")
        return host == "teams.microsoft.com" || host == "teams.live.com";
    if (platform == "facetime") return host == "facetime.apple.com";
    return false;
}

}  // namespace

join_link_check check_join_link(std::string_view platform, std::string_view link) {
    if (link.empty() || link.size() > k_max_join_link_length) return {std::nullopt, "invalid_link"};
    auto parsed = boost::urls::parse_uri(link);
    if (!parsed) return {std::nullopt, "invalid_link"};
    const auto& url = *parsed;
    if (url.scheme_id() != boost::urls::scheme::https || url.has_userinfo() || url.has_port() ||
        url.host_type() != boost::urls::host_type::name)
        return {std::nullopt, "invalid_link"};
    std::string host = url.encoded_host().decode();
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (host == "join.skype.com" || host_is_or_under(host, "skype.com"))
        return {std::nullopt, "skype_retired"};
    if (!platform_host(platform, host)) return {std::nullopt, "wrong_platform"};
    return {std::string(url.buffer()), ""};
}

std::optional<std::string> normalise_phone(std::string_view text) {
    if (text.size() > 32) return std::nullopt;
    std::string digits;
    bool plus = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
            return std::nullopt;
        }
    }
    if (!plus) {
        if (digits.starts_with("00")) {
            digits.erase(0, 2);
        } else if (digits.starts_with("0")) {
            digits = "46" + digits.substr(1);
        } else {
            return std::nullopt;
        }
    }
    // E.164: at most 15 digits; Swedish numbers have at least 7 after the country code.
    if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
    return "+" + digits;
}

bool is_parent_role(std::string_view role) {
    return std::find(k_parent_roles.begin(), k_parent_roles.end(), role) != k_parent_roles.end();
}

}  // namespace samtal
