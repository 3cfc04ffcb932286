#include "service/core/validation.hpp"

#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/shortnumberinfo.h>

#include <algorithm>
#include <boost/url/parse.hpp>

namespace samtal {
namespace {

std::string_view trimmed(std::string_view text) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// Hosts whose links only forward to another address: mail scanners' "safe links" and
// shorteners. The parent should paste the meeting link itself, which we can check.
bool is_redirector(std::string_view host, std::string_view path) {
    for (auto domain : {"safelinks.protection.outlook.com", "urldefense.com",
                        "urldefense.proofpoint.com", "bit.ly", "tinyurl.com", "t.co", "lnkd.in",
                        "l.facebook.com", "l.messenger.com", "l.instagram.com", "goo.gl"})
        if (host_is_or_under(host, domain)) return true;
    // Google's /url forwarder, and Teams' own safe-links page on its CDN.
    return (host_is_or_under(host, "google.com") && path == "/url") ||
           host == "statics.teams.cdn.office.net";
}

// A label in punycode or a byte outside ASCII: the host may only look like a platform's.
bool is_lookalike(std::string_view host) {
    if (std::any_of(host.begin(), host.end(), [](unsigned char c) { return c >= 0x80; }))
        return true;
    return host.starts_with("xn--") || host.find(".xn--") != std::string_view::npos;
}

const i18n::phonenumbers::PhoneNumberUtil& phone_numbers() {
    return *i18n::phonenumbers::PhoneNumberUtil::GetInstance();
}

}  // namespace

bool host_is_or_under(std::string_view host, std::string_view domain) {
    if (host == domain) return true;
    return host.size() > domain.size() + 1 && host.ends_with(domain) &&
           host[host.size() - domain.size() - 1] == '.';
}

link_verdict check_join_link(const meeting_platform* platform, std::string_view text) {
    auto link = trimmed(text);
    if (link.empty()) return link_verdict::refuse("invalid_link");
    if (link.size() > k_max_join_link_length) return link_verdict::refuse("too_long");
    // Letters outside ASCII, as a browser's address bar shows them, are percent-encoded
    // first, so that a host in another alphabet is recognised as a look-alike.
    std::string ascii;
    for (unsigned char c : link) {
        static constexpr char hex[] = "0123456789ABCDEF";
        if (c < 0x80) {
            ascii += char(c);
        } else {
            ascii += {'%', hex[c >> 4], hex[c & 15]};
        }
    }
    if (ascii.size() > k_max_join_link_length) return link_verdict::refuse("too_long");
    auto parsed = boost::urls::parse_uri(ascii);
    if (!parsed) return link_verdict::refuse("invalid_link");
    const auto& url = *parsed;
    if (url.scheme_id() == boost::urls::scheme::http && url.has_authority())
        return link_verdict::refuse("not_https");
    if (url.scheme_id() != boost::urls::scheme::https || !url.has_authority())
        return link_verdict::refuse("invalid_link");
    if (url.has_userinfo()) return link_verdict::refuse("credentials_in_link");
    if (url.host_type() != boost::urls::host_type::name || (url.has_port() && url.port() != "443"))
        return link_verdict::refuse("invalid_link");
    auto host = lower(url.encoded_host().decode());
    if (host.ends_with('.')) host.pop_back();
    if (host.empty()) return link_verdict::refuse("invalid_link");
    if (is_lookalike(host)) return link_verdict::refuse("lookalike_link");
    // Letters, digits, hyphens and dots only: anything else was percent-encoded into the host
    // (found by the join_link fuzz target) and would reach an invitation as it decodes.
    if (!std::all_of(host.begin(), host.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
        }))
        return link_verdict::refuse("invalid_link");
    if (is_redirector(host, url.encoded_path())) return link_verdict::refuse("redirect_link");
    if (!platform) return link_verdict::refuse("wrong_platform");
    return platform->check_link(url, host);
}

phone_verdict check_phone(std::string_view text) {
    using i18n::phonenumbers::PhoneNumberUtil;
    // Longer than any number written with spaces and dashes: not worth parsing.
    if (text.size() > 40) return {std::nullopt, "invalid_phone"};
    const auto& numbers = phone_numbers();
    i18n::phonenumbers::PhoneNumber number;
    if (numbers.Parse(std::string(text), "SE", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return {std::nullopt, "invalid_phone"};
    if (!numbers.IsValidNumber(number)) {
        i18n::phonenumbers::ShortNumberInfo short_numbers;
        return {std::nullopt,
                short_numbers.IsValidShortNumber(number) ? "short_number" : "invalid_phone"};
    }
    switch (numbers.GetNumberType(number)) {
        case PhoneNumberUtil::PREMIUM_RATE:
        case PhoneNumberUtil::SHARED_COST:
            return {std::nullopt, "premium_phone"};
        default:
            break;
    }
    std::string e164;
    numbers.Format(number, PhoneNumberUtil::E164, &e164);
    return {e164, ""};
}

std::string readable_phone(const std::string& e164) {
    using i18n::phonenumbers::PhoneNumberUtil;
    const auto& numbers = phone_numbers();
    i18n::phonenumbers::PhoneNumber number;
    if (numbers.Parse(e164, "SE", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return e164;
    std::string readable;
    numbers.Format(
        number,
        number.country_code() == 46 ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL,
        &readable);
    return readable;
}

bool is_parent_role(std::string_view role) {
    return std::find(k_parent_roles.begin(), k_parent_roles.end(), role) != k_parent_roles.end();
}

}  // namespace samtal
