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
    interpreter_service& interpreters;
    outbox_store& outbox;
    dial_job_store& dial_jobs;
    statistics_repository* statistics;
    // The routes with their roles: the navigation links only the pages the session may use.
    const router* routes;
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

// The staff text [staff.page] `key` in `language`.
std::string staff_text(const staff_site& site, std::string_view language, std::string_view key);

// A field error in the staff language: [staff.error] `code`, else the parent's wording.
std::string staff_error_text(const staff_site& site, std::string_view language,
                             const field_error& error);

// A form's field errors in the staff language: "has_errors" and "errors" (the summary, each
// linking to its field's id, the field name with '.' as '-'), and "error_<field>" (with '.' as
// '_') for the message at the field.
void add_field_errors(const staff_site& site, page_data& data, std::string_view language,
                      const std::vector<field_error>& errors);

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

// The handover page of one conversation (handover_page.cpp), also the answer to a refused
// handover posted from it: `errors` at their field, `refused` above the form.
reply handover_page(const staff_site& site, const request& req, const staff_session_view& session,
                    const std::string& language, const std::string& conversation_id,
                    http::status status, const std::vector<field_error>& errors,
                    const std::string& refused);

// The pages, by file: signin_pages.cpp, provider_signin.cpp, day_page.cpp, advisor_pages.cpp,
// handover_page.cpp, interpreter_page.cpp, problems_page.cpp, audit_page.cpp, guide_page.cpp,
// statistics_page.cpp.
void add_signin_pages(const staff_site_ptr& site, router& routes);
void add_provider_signin(const staff_site_ptr& site, router& routes);
void add_day_pages(const staff_site_ptr& site, router& routes);
void add_advisor_pages(const staff_site_ptr& site, router& routes);
void add_handover_page(const staff_site_ptr& site, router& routes);
void add_interpreter_page(const staff_site_ptr& site, router& routes);
void add_problems_page(const staff_site_ptr& site, router& routes);
void add_audit_page(const staff_site_ptr& site, router& routes);
void add_guide_page(const staff_site_ptr& site, router& routes);
void add_statistics_pages(const staff_site_ptr& site, router& routes);

}  // namespace samtal
