// Sign-in through the municipality's identity provider (/staff/signin/oidc, then the
// provider's redirect to /staff/signin/callback): the state is kept server-side and bound to
// the browser that started it by a short-lived cookie, so that a callback someone else
// completed cannot sign this browser in (login CSRF).
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <kainjow/mustache.hpp>

#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_pages.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/web/html_responses.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

// Sent back on the provider's redirect, a cross-site navigation: SameSite=Lax, not Strict.
constexpr std::string_view k_binding_cookie = "__Host-samtal_signin";

std::string binding_of(std::string_view state) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(state.data()), state.size(), digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (auto byte : digest) text += {hex[byte >> 4], hex[byte & 15]};
    return text;
}

std::string binding_in(const request& req) {
    auto header = std::string(req[http::field::cookie]);
    auto at = header.find(std::string(k_binding_cookie) + "=");
    if (at == std::string::npos) return {};
    auto value = header.substr(at + k_binding_cookie.size() + 1);
    return value.substr(0, value.find(';'));
}

std::string binding_cookie(const std::string& value) {
    return std::string(k_binding_cookie) + "=" + value +
           "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" + (value.empty() ? "0" : "600");
}

response refused(const staff_site& site, const request& req, const std::string& language,
                 http::status status, std::string_view why) {
    mustache::data data;
    auto title = site.web->messages.text(language, "staff.page.signin_heading");
    data.set("title", title);
    data.set("refused", site.web->messages.text(language, "staff.page." + std::string(why)));
    auto res = staff_page(site, req, status, "staff_signin", language, std::move(data), nullptr);
    res.set(http::field::set_cookie, binding_cookie(""));
    return res;
}

}  // namespace

void add_provider_signin(const staff_site_ptr& site, router& routes) {
    if (!site->oidc) return;
    routes.add(
        {http::verb::get, "/staff/signin/oidc", 0, [site](request&& req, respond_fn respond) {
             auto language = staff_language(*site, req, "");
             run_page(site->web, req, std::move(respond), language,
                      [site, language](const request& req) -> reply {
                          // A hint the provider may prefill its form with.
                          auto hint = query_parameter(req.target(), "login_hint");
                          if (hint.size() > 254) hint.clear();
                          auto started = site->oidc->begin(hint);
                          if (!started) {
                              site->web->log.event("warning", "staff sign-in could not start: " +
                                                                  started.error().text);
                              return refused(*site, req, language,
                                             http::status::service_unavailable,
                                             "provider_unavailable");
                          }
                          // The page language comes back with the browser, beside the binding.
                          auto binding = binding_of(started->pending.state) + "." + language;
                          site->pending.keep(std::move(started->pending));
                          return see_other(req, started->url, binding_cookie(binding));
                      });
         }});

    routes.add(
        {http::verb::get, "/staff/signin/callback", 0, [site](request&& req, respond_fn respond) {
             auto cookie = binding_in(req);
             auto dot = cookie.find('.');
             auto language =
                 staff_language(*site, req, dot == std::string::npos ? "" : cookie.substr(dot + 1));
             run_page(
                 site->web, req, std::move(respond), language,
                 [site, language, binding = cookie.substr(0, dot)](const request& req) -> reply {
                     auto target = req.target();
                     auto question = target.find('?');
                     auto callback = read_signin_callback(
                         question == std::string_view::npos ? "" : target.substr(question + 1));
                     auto expected = callback ? binding_of(callback->state) : "";
                     // Only the browser that started this sign-in may finish it.
                     if (!callback || binding.size() != expected.size() ||
                         CRYPTO_memcmp(binding.data(), expected.data(), expected.size()) != 0) {
                         site->web->log.event("warning",
                                              "staff sign-in refused: a callback "
                                              "this browser did not start");
                         return refused(*site, req, language, http::status::forbidden,
                                        "provider_refused");
                     }
                     auto signin = site->oidc->finish(
                         *callback, site->pending,
                         [site](std::string_view claim) -> std::optional<std::string> {
                             if (!site->accounts.knows(claim)) return std::nullopt;
                             return std::string(claim);
                         });
                     if (!signin) {
                         site->web->log.event("warning",
                                              "staff sign-in refused: " + signin.error().text);
                         return refused(*site, req, language, http::status::unauthorized,
                                        "provider_refused");
                     }
                     auto session = site->accounts.sign_in_as(signin->account);
                     if (!session)
                         return refused(*site, req, language, http::status::unauthorized,
                                        "provider_refused");
                     site->web->stats.count("staff_signins");
                     auto res = see_other(req, "/staff?lang=" + language, binding_cookie(""));
                     res.insert(http::field::set_cookie, session_cookie(session->id));
                     return res;
                 });
         }});
}

}  // namespace samtal
