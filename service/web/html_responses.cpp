#include "service/web/html_responses.hpp"

#include <array>
#include <kainjow/mustache.hpp>
#include <utility>

#include "service/edge/failure_answers.hpp"
#include "service/i18n/messages.hpp"
#include "service/web/form_guard.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

// Every form on every page posts to one of these; each gets its own signed token.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_form_actions{{
    {"book", "/book"},
    {"find", "/booking"},
    {"move", "/booking/move"},
    {"cancel", "/booking/cancel"},
    {"calendar", "/booking/calendar.ics"},
    {"feedback", "/booking/feedback"},
}};

}  // namespace

response html_response(const request& req, http::status status, std::string body) {
    response res{status, req.version()};
    res.set(http::field::content_type, "text/html; charset=utf-8");
    // Pages can carry a booking code or what the parent typed: nothing may keep them.
    res.set(http::field::cache_control, "no-store");
    res.set("Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}
response page(const web_site& site, const request& req, http::status status, std::string_view name,
              std::string_view language, std::string_view language_link, mustache::data data) {
    mustache::data tokens;
    auto now = site.bookings.now();
    for (const auto& [form, action] : k_form_actions)
        tokens.set(std::string(form), site.form_tokens.issue(action, now));
    data.set("form_tokens", tokens);
    return html_response(req, status, site.pages.render(name, language, language_link, data));
}

// A kept booking form is rendered with an empty token, and each answer fills in its own: the
// token is the only part of the page that is not the same for every parent in that minute.
response error_page(const web_site& site, const request& req, std::string_view language,
                    http::status status, std::string_view kind) {
    const auto& messages = site.messages;
    mustache::data data;
    data.set("title", messages.text(language, "error_page.title"));
    data.set("heading", messages.text(language, "error_page." + std::string(kind) + "_heading"));
    data.set("text", messages.text(language, "error_page." + std::string(kind)));
    return page(site, req, status, "error", language, "/?lang=", data);
}

// Runs page work on the blocking pool. A failure of the store answers the calm error page in
// the page language rather than a JSON problem a browser would show as code.
void run_page(const site_ptr& site, const request& req, respond_fn respond, std::string language,
              std::function<reply(const request&)> work) {
    site->run_blocking(
        req, std::move(respond),
        [site, req, language = std::move(language), work = std::move(work)]() -> reply {
            try {
                return work(req);
            } catch (const std::exception& error) {
                // The exception's text is not logged: it could quote what the parent sent.
                site->log.event("error", "a web page could not be made");
                return error_page(*site, req, language, http::status::service_unavailable,
                                  "unavailable");
            }
        });
}

response failure_page(const web_site& site, const request& req, std::string_view language,
                      failure_kind kind) {
    return error_page(site, req, language, status_of(kind), answer_to(kind).page);
}

refusal_fn too_many_requests_page(const site_ptr& site) {
    return [site](const request& req, std::chrono::seconds retry_after) {
        auto fields = parse_form_body(req.body());
        auto language = fields ? post_language(*site, req, *fields) : site->language_of(req);
        const auto& messages = site->messages;
        auto wait = std::chrono::ceil<std::chrono::minutes>(retry_after).count();
        mustache::data data;
        data.set("title", messages.text(language, "error_page.title"));
        data.set("heading", messages.text(language, "error_page.too_many_heading"));
        data.set("text", fill(messages.text(language, "error_page.too_many"),
                              {{"minutes", std::to_string(wait)}}));
        return page(*site, req, http::status::too_many_requests, "error", language,
                    "/?lang=", data);
    };
}

}  // namespace samtal
