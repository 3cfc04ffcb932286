#include "service/web/form_guard.hpp"

#include <algorithm>
#include <cctype>

#include "service/web/html_responses.hpp"

namespace samtal {
namespace {

// Whether the body is urlencoded, as our forms send it (any parameters after the type).
bool is_form_post(const request& req) {
    auto type = req[http::field::content_type];
    constexpr std::string_view form_type = "application/x-www-form-urlencoded";
    if (type.size() < form_type.size()) return false;
    return std::equal(
               form_type.begin(), form_type.end(), type.begin(),
               [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }) &&
           (type.size() == form_type.size() || type[form_type.size()] == ';' ||
            type[form_type.size()] == ' ');
}

// Whether the browser says the post was sent from another site. Sec-Fetch-Site is set by the
// browser itself and survives a reverse proxy that rewrites Host, so it decides when present.
// Otherwise a real Origin must name this host. "Origin: null" proves nothing either way: our
// pages' no-referrer policy makes browsers send it for their own forms too.
bool is_cross_site(const request& req) {
    auto fetch_site = req["Sec-Fetch-Site"];
    if (!fetch_site.empty()) return fetch_site != "same-origin" && fetch_site != "none";
    auto origin = req[http::field::origin];
    if (origin.empty() || origin == "null") return false;
    auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos) return true;
    auto host = req[http::field::host];
    auto origin_host = origin.substr(scheme_end + 3);
    return origin_host.size() != host.size() ||
           !std::equal(origin_host.begin(), origin_host.end(), host.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

}  // namespace

std::string post_language(const web_site& site, const request& req, const form_fields& fields) {
    return site.messages.negotiate(form_value(fields, "lang"), req[http::field::accept_language]);
}

std::optional<form_fields> read_form(const web_site& site, const request& req,
                                     const respond_fn& respond, std::string_view action) {
    auto language = site.language_of(req);
    if (!is_form_post(req)) {
        respond(
            error_page(site, req, language, http::status::unsupported_media_type, "unsupported"));
        return std::nullopt;
    }
    auto fields = parse_form_body(req.body());
    if (!fields) {
        respond(error_page(site, req, language, http::status::bad_request, "bad_request"));
        return std::nullopt;
    }
    if (is_cross_site(req) ||
        !site.form_tokens.verify(form_value(*fields, "form_token"), action, site.bookings.now())) {
        site.stats.count("form_posts_refused");
        respond(error_page(site, req, post_language(site, req, *fields), http::status::forbidden,
                           "refused"));
        return std::nullopt;
    }
    return fields;
}

}  // namespace samtal
