// What every staff page shares: the parent's site (templates, texts, form tokens, the blocking
// pool), the staff services, the session cookie, and the gate that checks a page's roles.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "service/staff_pages/staff_pages.hpp"
#include "service/web/form_guard.hpp"

namespace samtal {

// The session cookie: __Host- so that only this host over HTTPS may set it (browsers count
// http://localhost and 127.0.0.1 as secure, so the local demo works too).
inline constexpr std::string_view k_session_cookie = "__Host-samtal_staff";

struct staff_site {
    site_ptr web;
    staff_accounts& accounts;
    staff_service& schedules;
    oidc_client* oidc;
    pending_signins& pending;
    statistics_repository* statistics;
};
using staff_site_ptr = std::shared_ptr<const staff_site>;

// The staff pages' language: `posted` (a form's lang) or ?lang= when Swedish or English, then
// Accept-Language between the two, then Swedish.
std::string staff_language(const staff_site& site, const request& req, std::string_view posted);

// The page templates/<name>.mustache in the staff layout, with its forms' tokens and, when
// signed in, the session's name and CSRF token.
response staff_page(const staff_site& site, const request& req, http::status status,
                    std::string_view name, std::string_view language, page_data data,
                    const staff_session_view* session);

// 303 to `location`, setting `cookie` when given.
response see_other(const request& req, const std::string& location, const std::string& cookie = "");

// The Set-Cookie value that starts a session, or (empty id) ends it.
std::string session_cookie(const std::string& session_id);

// The session id the request's cookie carries; empty when none.
std::string session_id_of(const request& req);

// The fields of a post to `action` (none for a GET), or nullopt after answering a post that is
// not one of our forms or did not come from a page of ours.
std::optional<form_fields> staff_form(const staff_site& site, const request& req,
                                      const respond_fn& respond, std::string_view action);

// A page only `roles` may use: a visitor who is not signed in is sent to the sign-in page,
// a role not in `roles` gets a refusal, and a post must carry the session's CSRF token and a
// form token of ours. The handler runs on the blocking pool.
using staff_page_handler = std::function<reply(
    const staff_site& site, const request& req, const staff_session_view& session,
    const std::string& language, const form_fields& fields)>;
route staff_page_route(http::verb method, std::string path, std::size_t body_limit,
                       std::vector<std::string> roles, staff_site_ptr site,
                       staff_page_handler handler);

// The pages, by file: signin_pages.cpp, provider_signin.cpp, day_page.cpp, statistics_page.cpp.
void add_signin_pages(const staff_site_ptr& site, router& routes);
void add_provider_signin(const staff_site_ptr& site, router& routes);
void add_day_pages(const staff_site_ptr& site, router& routes);
void add_statistics_pages(const staff_site_ptr& site, router& routes);

}  // namespace samtal
