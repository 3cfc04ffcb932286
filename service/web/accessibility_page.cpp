// The accessibility statement (GET /accessibility) the law asks of a public body's web
// service (DOS-lagen 2018:1937): how far it meets the standard, what is not accessible and
// why, whom to tell (each unit's contact from the config) and where to complain.
#include <kainjow/mustache.hpp>

#include "service/core/validation.hpp"
#include "service/i18n/messages.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace mustache = kainjow::mustache;

void show_accessibility(const site_ptr& site, request&& req, respond_fn respond) {
    auto language = site->language_of(req);
    const auto& messages = site->messages;
    std::string names;
    mustache::data contacts(mustache::data::type::list);
    for (const auto& unit : site->units) {
        if (!names.empty()) names += messages.text(language, "format.separator");
        names += unit.name;
        mustache::data contact;
        contact.set("unit_name", unit.name);
        contact.set("email", unit.accessibility.email);
        contact.set("has_phone", !unit.accessibility.phone.empty());
        contact.set("phone_e164", unit.accessibility.phone);
        if (!unit.accessibility.phone.empty())
            contact.set("phone", readable_phone(unit.accessibility.phone));
        contacts.push_back(contact);
    }
    mustache::data data;
    data.set("title", messages.text(language, "accessibility.title"));
    data.set("intro", fill(messages.text(language, "accessibility.intro"), {{"name", names}}));
    data.set("contacts", contacts);
    respond(page(*site, req, http::status::ok, "accessibility", language,
                 "/accessibility?lang=", data));
}

}  // namespace samtal
