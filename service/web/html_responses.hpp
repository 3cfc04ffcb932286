// HTML responses for the parent's pages: the headers every page carries (no caching, a
// strict Content-Security-Policy), a rendered page with its forms' tokens, the error pages,
// and page work run on the blocking pool.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "service/core/result.hpp"
#include "service/web/site.hpp"

namespace samtal {

response html_response(const request& req, http::status status, std::string body);

// The page `name` (templates/<name>.mustache) with `data`, each form's token filled in. The
// language menu links are `language_link` followed by a language code.
response page(const web_site& site, const request& req, http::status status, std::string_view name,
              std::string_view language, std::string_view language_link, page_data data);

// A page that could not be shown, with `kind` naming its texts ("error_page.<kind>_heading").
response error_page(const web_site& site, const request& req, std::string_view language,
                    http::status status, std::string_view kind);

// The error page for a failure of the booking core that no page answers on its own, as
// service/edge/failure_answers.hpp says.
response failure_page(const web_site& site, const request& req, std::string_view language,
                      failure_kind kind);

// Runs page work on the blocking pool. A failure of the store answers the calm error page in
// the page language rather than a JSON problem a browser would show as code.
void run_page(const site_ptr& site, const request& req, respond_fn respond, std::string language,
              std::function<reply(const request&)> work);

// The calm page for a client over one of its abuse limits, in the language of the form it
// posted: when it may try again, and that nothing was done. The server adds Retry-After.
refusal_fn too_many_requests_page(const site_ptr& site);

}  // namespace samtal
