// Signing in and out, and setting a password with a one-time link (/staff/signin,
// /staff/signout, /staff/signout-everywhere, /staff/password).
#include <kainjow/mustache.hpp>

#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_pages.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/web/html_responses.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::size_t k_form_body_limit = 4 * 1024;

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return site.web->messages.text(language, "staff.page." + std::string(key));
}

response signin_page(const staff_site& site, const request& req, http::status status,
                     const std::string& language, const std::string& notice,
                     const std::string& refused, const std::string& email) {
    mustache::data data;
    data.set("title", text(site, language, "signin_heading"));
    if (!notice.empty()) data.set("notice", notice);
    if (!refused.empty()) data.set("refused", refused);
    data.set("email", email);
    if (site.oidc) data.set("provider", site.oidc->settings().provider_name);
    return staff_page(site, req, status, "staff_signin", language, std::move(data), nullptr);
}

response password_page(const staff_site& site, const request& req, http::status status,
                       const std::string& language, const std::string& link,
                       const std::string& refused) {
    mustache::data data;
    data.set("title", text(site, language, "password_heading"));
    data.set("link", link);
    if (!refused.empty()) data.set("refused", refused);
    return staff_page(site, req, status, "staff_password", language, std::move(data), nullptr);
}

// The routes that need no session: they read their form and run on the blocking pool.
using open_handler =
    std::function<reply(const staff_site&, const request&, const std::string&, const form_fields&)>;
handler_fn open_page(const staff_site_ptr& site, std::string action, open_handler handler) {
    return [site, action = std::move(action), handler = std::move(handler)](request&& req,
                                                                            respond_fn respond) {
        auto fields = staff_form(*site, req, respond, action);
        if (!fields) return;
        auto language = staff_language(*site, req, form_value(*fields, "lang"));
        run_page(site->web, req, std::move(respond), language,
                 [site, handler, language, fields = std::move(*fields)](const request& req) {
                     return reply(handler(*site, req, language, fields));
                 });
    };
}

}  // namespace

void add_signin_pages(const staff_site_ptr& site, router& routes) {
    routes.add({http::verb::get, "/staff/signin", 0,
                open_page(site, "/staff/signin",
                          [](const staff_site& site, const request& req,
                             const std::string& language, const form_fields&) -> reply {
                              std::string notice;
                              if (!query_parameter(req.target(), "signed_out").empty())
                                  notice = text(site, language, "signed_out");
                              if (!query_parameter(req.target(), "password_set").empty())
                                  notice = text(site, language, "password_set");
                              return signin_page(site, req, http::status::ok, language, notice, "",
                                                 "");
                          })});

    // A wrong password costs the client as a wrong booking code does (the 401 is counted).
    routes.add({http::verb::post, "/staff/signin", k_form_body_limit,
                open_page(site, "/staff/signin",
                          [](const staff_site& site, const request& req,
                             const std::string& language, const form_fields& fields) -> reply {
                              auto email = form_value(fields, "email");
                              auto signed_in =
                                  site.accounts.sign_in(email, form_value(fields, "password"));
                              if (!signed_in)
                                  return signin_page(
                                      site, req, http::status::unauthorized, language, "",
                                      text(site, language, "wrong_password"), email.substr(0, 254));
                              site.web->stats.count("staff_signins");
                              // A new id at every sign-in: no session is ever carried over.
                              return see_other(req, "/staff?lang=" + language,
                                               session_cookie(signed_in->id));
                          }),
                client_limit::code_lookup, too_many_requests_page(site->web)});

    auto signing_out = [](bool everywhere) {
        return [everywhere](const staff_site& site, const request& req, const std::string& language,
                            const form_fields&) -> reply {
            auto id = session_id_of(req);
            if (everywhere)
                site.accounts.sign_out_everywhere(id);
            else
                site.accounts.sign_out(id);
            return see_other(req, "/staff/signin?signed_out=1&lang=" + language,
                             session_cookie(""));
        };
    };
    routes.add({http::verb::post, "/staff/signout", k_form_body_limit,
                open_page(site, "/staff/signout", signing_out(false))});
    routes.add({http::verb::post, "/staff/signout-everywhere", k_form_body_limit,
                open_page(site, "/staff/signout-everywhere", signing_out(true))});

    routes.add({http::verb::get, "/staff/password", 0,
                open_page(site, "/staff/password",
                          [](const staff_site& site, const request& req,
                             const std::string& language, const form_fields&) -> reply {
                              return password_page(site, req, http::status::ok, language,
                                                   query_parameter(req.target(), "link"), "");
                          })});
    routes.add(
        {http::verb::post, "/staff/password", k_form_body_limit,
         open_page(site, "/staff/password",
                   [](const staff_site& site, const request& req, const std::string& language,
                      const form_fields& fields) -> reply {
                       auto link = form_value(fields, "link");
                       auto set = site.accounts.set_password(link, form_value(fields, "password"));
                       if (set)
                           return see_other(req, "/staff/signin?password_set=1&lang=" + language);
                       bool too_short = set.error().kind == failure_kind::invalid_input;
                       return password_page(
                           site, req,
                           too_short ? http::status::unprocessable_entity : http::status::not_found,
                           language, too_short ? link : "",
                           text(site, language, too_short ? "password_too_short" : "link_spent"));
                   }),
         client_limit::code_lookup, too_many_requests_page(site->web)});
}

}  // namespace samtal
