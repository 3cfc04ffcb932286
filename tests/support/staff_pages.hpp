// Reading the staff pages as a browser would: a form's signed token, the session's CSRF token,
// the cookie an answer set.
#pragma once

#include <regex>
#include <string>

namespace samtal::testing {

// The form token of the form that posts to `action` on `page`.
inline std::string form_token_in(const std::string& page, const std::string& action) {
    std::smatch match;
    std::regex form("action=\"" + action +
                    "\"[^>]*>\\s*<input type=\"hidden\" name=\"form_token\" value=\"([^\"]+)\"");
    std::regex_search(page, match, form);
    return match.size() > 1 ? std::string(match[1]) : "";
}

inline std::string csrf_in(const std::string& page) {
    std::smatch match;
    std::regex_search(page, match, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\""));
    return match.size() > 1 ? std::string(match[1]) : "";
}

// "name=value" of a Set-Cookie header.
inline std::string cookie_pair(const std::string& set_cookie) {
    return set_cookie.substr(0, set_cookie.find(';'));
}

// The secret of the link `samtal staff add` printed.
inline std::string password_link_in(const std::string& output) {
    std::smatch match;
    std::regex_search(output, match, std::regex("/staff/password\\?link=([0-9a-f]{64})"));
    return match.size() > 1 ? std::string(match[1]) : "";
}

}  // namespace samtal::testing
