#include "service/staff_pages/staff_site.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <kainjow/mustache.hpp>
#include <set>

#include "service/http/request_fields.hpp"
#include "service/web/html_responses.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::array<std::string_view, 2> k_staff_languages{"sv", "en"};

// Every form of the staff pages posts to one of these; each gets its own signed token.
// A form posting to a path with an id in it is signed for the route's path ("{id}").
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> k_staff_forms{{
    {"signin", "/staff/signin"},
    {"password", "/staff/password"},
    {"signout", "/staff/signout"},
    {"signout_everywhere", "/staff/signout-everywhere"},
    {"absence", "/staff/absence"},
    {"handover", "/staff/handover"},
    {"outcome", "/staff/outcome"},
    {"schedule", "/staff/advisors/{id}"},
    {"advisor_absence", "/staff/advisors/{id}/absences"},
    {"advisor_absence_removal", "/staff/advisors/{id}/absences/remove"},
    {"interpreter_answer", "/staff/interpreters"},
}};

// The navigation: each page's link, shown when the route table lets the session's role in.
struct staff_link {
    std::string_view path;
    std::string_view label;  // [staff.page]
};
constexpr std::array<staff_link, 7> k_staff_links{{
    {"/staff", "nav_conversations"},
    {"/staff/advisors", "nav_advisors"},
    {"/staff/advisors/{id}", "nav_own_schedule"},
    {"/staff/interpreters", "nav_interpreters"},
    {"/staff/problems", "nav_problems"},
    {"/staff/audit", "nav_audit"},
    {"/staff/statistics", "nav_statistics"},
}};

mustache::data navigation(const staff_site& site, const staff_identity& who,
                          std::string_view language, std::string_view current) {
    mustache::data links(mustache::data::type::list);
    for (const auto& link : k_staff_links) {
        std::string href(link.path);
        if (auto at = href.find("{id}"); at != std::string::npos) {
            // The own schedule is an advisor's; a coordinator finds theirs in the list.
            if (who.advisor.empty()) continue;
            href.replace(at, 4, who.advisor);
        }
        auto found = site.routes->find(http::verb::get, href);
        if (!found.found || std::find(found.found->roles.begin(), found.found->roles.end(),
                                      who.role) == found.found->roles.end())
            continue;
        mustache::data item;
        item.set("href", href + "?lang=" + std::string(language));
        item.set("label", staff_text(site, language, link.label));
        item.set("current", href == current);
        links.push_back(item);
    }
    return links;
}

bool is_staff_language(std::string_view code) {
    return std::find(k_staff_languages.begin(), k_staff_languages.end(), code) !=
           k_staff_languages.end();
}

bool same_secret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string staff_text(const staff_site& site, std::string_view language, std::string_view key) {
    return site.web->messages.text(language, "staff.page." + std::string(key));
}

std::string staff_error_text(const staff_site& site, std::string_view language,
                             const field_error& error) {
    auto key = "staff.error." + error.code;
    const auto& message = site.web->messages.text(language, key);
    if (message != key) return message;
    return site.web->messages.field_error(language, error.field, error.code);
}

void add_field_errors(const staff_site& site, page_data& data, std::string_view language,
                      const std::vector<field_error>& errors) {
    mustache::data summary(mustache::data::type::list);
    std::set<std::string> shown;
    for (const auto& error : errors) {
        auto message = staff_error_text(site, language, error);
        auto anchor = error.field;
        std::replace(anchor.begin(), anchor.end(), '.', '-');
        mustache::data item;
        item.set("message", message);
        item.set("anchor", anchor);
        summary.push_back(item);
        auto name = error.field;
        std::replace(name.begin(), name.end(), '.', '_');
        if (shown.insert(name).second) data.set("error_" + name, message);
    }
    data.set("has_errors", !errors.empty());
    data.set("errors", summary);
}

std::string staff_language(const staff_site& site, const request& req, std::string_view posted) {
    if (is_staff_language(posted)) return std::string(posted);
    auto asked = query_parameter(req.target(), "lang");
    if (is_staff_language(asked)) return asked;
    auto negotiated = site.web->messages.negotiate("", req[http::field::accept_language]);
    return is_staff_language(negotiated) ? negotiated : "sv";
}

response staff_page(const staff_site& site, const request& req, http::status status,
                    std::string_view name, std::string_view language, page_data data,
                    const staff_session_view* session) {
    mustache::data tokens;
    auto now = site.web->bookings.now();
    for (const auto& [form, action] : k_staff_forms)
        tokens.set(std::string(form), site.web->form_tokens.issue(action, now));
    data.set("form_tokens", tokens);
    auto path = std::string(req.target().substr(0, req.target().find('?')));
    if (session) {
        data.set("signed_in", session->who.name);
        data.set("csrf", session->csrf);
        data.set("navigation", navigation(site, session->who, language, path));
    }
    data.set("guide_current", path == "/staff/guide");
    auto html = site.web->pages.render(
        name, language, path + "?lang=", data,
        {"staff_layout", {k_staff_languages.begin(), k_staff_languages.end()}});
    return html_response(req, status, std::move(html));
}

response see_other(const request& req, const std::string& location, const std::string& cookie) {
    response res{http::status::see_other, req.version()};
    res.set(http::field::location, location);
    res.set(http::field::cache_control, "no-store");
    if (!cookie.empty()) res.set(http::field::set_cookie, cookie);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
}

std::string session_cookie(const std::string& session_id) {
    std::string cookie = std::string(k_session_cookie) + "=" + session_id +
                         "; Path=/; Secure; HttpOnly; SameSite=Strict";
    if (session_id.empty()) cookie += "; Max-Age=0";
    return cookie;
}

std::string session_id_of(const request& req) {
    auto header = req[http::field::cookie];
    std::size_t at = 0;
    while (at < header.size()) {
        auto end = header.find(';', at);
        auto pair = header.substr(at, end == std::string_view::npos ? end : end - at);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.starts_with(k_session_cookie) && pair.size() > k_session_cookie.size() &&
            pair[k_session_cookie.size()] == '=')
            return std::string(pair.substr(k_session_cookie.size() + 1));
        if (end == std::string_view::npos) break;
        at = end + 1;
    }
    return {};
}

std::optional<form_fields> staff_form(const staff_site& site, const request& req,
                                      const respond_fn& respond, std::string_view action) {
    if (req.method() != http::verb::post) return form_fields{};
    return read_form(*site.web, req, respond, action);
}

route staff_page_route(http::verb method, std::string path, std::size_t body_limit,
                       std::vector<std::string> roles, staff_site_ptr site,
                       staff_page_handler handler) {
    route entry{method, path, body_limit, {}};
    entry.roles = roles;
    entry.handler = [site, roles, action = path, handler = std::move(handler)](request&& req,
                                                                               respond_fn respond) {
        auto fields = staff_form(*site, req, respond, action);
        if (!fields) return;
        auto language = staff_language(*site, req, form_value(*fields, "lang"));
        run_page(site->web, req, std::move(respond), language,
                 [site, roles, handler, language, fields = std::move(*fields),
                  id = session_id_of(req)](const request& req) -> reply {
                     auto session = site->accounts.session(id);
                     if (!session) return see_other(req, "/staff/signin?lang=" + language);
                     bool allowed =
                         std::find(roles.begin(), roles.end(), session->who.role) != roles.end();
                     bool forged = req.method() == http::verb::post &&
                                   !same_secret(form_value(fields, "csrf"), session->csrf);
                     if (!allowed || forged) {
                         mustache::data data;
                         data.set("title",
                                  site->web->messages.text(language, "staff.page.not_allowed"));
                         data.set("message",
                                  site->web->messages.text(language, "staff.page.not_allowed"));
                         return staff_page(*site, req, http::status::forbidden, "staff_notice",
                                           language, std::move(data), &*session);
                     }
                     return handler(*site, req, *session, language, fields);
                 });
    };
    return entry;
}

}  // namespace samtal
