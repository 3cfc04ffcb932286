// The privacy page (GET /privacy): what is kept, for how long, and who sees it.
#include <algorithm>
#include <kainjow/mustache.hpp>

#include "service/web/html_responses.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace mustache = kainjow::mustache;

void show_privacy(const site_ptr& site, request&& req, respond_fn respond) {
    auto language = site->language_of(req);
    mustache::data data;
    data.set("title", site->messages.text(language, "privacy.title"));
    // The phone service is named only where a unit has one, so the page stays exact.
    const auto& units = site->units;
    data.set("telephony", std::any_of(units.begin(), units.end(), [](const unit_config& unit) {
                 return unit.telephony.has_value();
             }));
    respond(page(*site, req, http::status::ok, "privacy", language, "/privacy?lang=", data));
}

// GET /accessibility: the accessibility statement the law asks of a public body's web service

}  // namespace samtal
