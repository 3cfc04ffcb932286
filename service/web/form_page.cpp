// The booking form (GET /) and what posting it does (POST /book): the free times, the ways to
// talk, the languages and the rest of what a parent chooses, kept as they chose it when
// something was wrong.
#include <unicode/coll.h>
#include <unicode/locid.h>

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <memory>
#include <optional>
#include <stdexcept>

#include "service/core/languages.hpp"
#include "service/core/text_reminder.hpp"
#include "service/core/validation.hpp"
#include "service/edge/booking_request_reader.hpp"
#include "service/edge/failure_answers.hpp"
#include "service/i18n/messages.hpp"
#include "service/web/form_guard.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/page_parts.hpp"
#include "service/web/page_text.hpp"
#include "service/web/pages.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

struct offered_language {
    std::string code;
    std::string name;  // in the page language, as a list entry begins
    const language* entry;
};

// The unit's languages in the page language's alphabetical order (ICU collation, so that
// "Å" comes before "Ö" in Swedish and Arabic letters sort as Arabic readers expect). A parent
// looks for their language by its name, as in any list of languages; an order by who works
// at the unit would look arbitrary to them and change with the staff.
std::vector<offered_language> offered_languages(const message_catalog& messages,
                                                const std::string& page_language,
                                                const unit_config& unit) {
    std::vector<offered_language> offered;
    for (const auto& code : unit.languages)
        offered.push_back(
            {code, capitalised(name_of(messages, page_language, "language", code), page_language),
             find_language(code)});
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> collator(
        icu::Collator::createInstance(icu::Locale(page_language.c_str()), status));
    if (U_FAILURE(status) || !collator) return offered;  // the configured order, then
    std::stable_sort(offered.begin(), offered.end(), [&](const auto& a, const auto& b) {
        UErrorCode compared = U_ZERO_ERROR;
        return collator->compareUTF8(a.name, b.name, compared) == UCOL_LESS;
    });
    return offered;
}

// What the booking form for a unit shows, keeping what the parent chose; nullopt when the
// free times cannot be read. Blocking: reads availability.
std::optional<mustache::data> form_data(const web_site& site, const unit_config& unit,
                                        const std::string& language, const booking_request& chosen,
                                        const std::vector<field_error>& errors, bool slot_taken) {
    const auto& messages = site.messages;
    auto times = upcoming_times(site.bookings, unit, language);
    if (!times) return std::nullopt;

    mustache::data data;
    data.set("title", messages.text(language, "form.title"));
    data.set("unit_id", unit.id);
    data.set("unit_name", unit.name);
    data.set("duration", fill(messages.text(language, "format.duration"),
                              {{"minutes", std::to_string(unit.conversation_minutes)}}));
    data.set("slot_taken", slot_taken);
    add_errors(data, messages, language, errors,
               {"start", "channel", "phone", "sms_reminder", "platform", "join_link", "language",
                "dialect", "topic", "parent_role"});
    // Until the parent says otherwise, they would talk in the language of the page.
    const auto& wanted_language = chosen.language.empty() ? language : chosen.language;
    const speaker_marks marks{unit, unit.offers_language(wanted_language) ? wanted_language : ""};
    add_times(data, messages, language, times.value(), chosen.start, &marks);

    mustache::data channels(mustache::data::type::list);
    for (const auto& channel : unit.channels) {
        auto label = messages.texts(language).contains("form.channel." + channel)
                         ? messages.text(language, "form.channel." + channel)
                         : name_of(messages, language, "channel", channel);
        // A single channel is no choice: it is preselected.
        channels.push_back(choice(channel, std::move(label),
                                  chosen.channel == channel || unit.channels.size() == 1));
    }
    data.set("channels", channels);
    data.set("offers_phone", unit.offers_channel("phone"));
    data.set("offers_video", unit.offers_channel("video"));
    // Who makes the meeting is a question only where the unit has an account to host it.
    if (!unit.hosted_meetings.empty()) {
        std::string hosted_platforms;
        for (const auto& account : unit.hosted_meetings)
            hosted_platforms += (hosted_platforms.empty() ? "" : ", ") +
                                name_of(messages, language, "platform", account.platform);
        data.set("offers_hosting", true);
        data.set("hosting_hint", fill(messages.text(language, "form.hosting.hint"),
                                      {{"platforms", hosted_platforms}}));
        mustache::data hostings(mustache::data::type::list);
        for (std::string hosting : {"parent", "unit"})
            hostings.push_back(
                choice(hosting, messages.text(language, "form.hosting." + hosting),
                       chosen.hosting.empty() ? hosting == "parent" : chosen.hosting == hosting));
        data.set("hostings", hostings);
    }
    data.set("phone", chosen.phone);
    // Only where the unit can send it: otherwise the form does not mention it.
    if (offers_text_reminders(unit)) {
        data.set("offers_sms_reminder", true);
        data.set("sms_reminder", chosen.sms_reminder);
        data.set("sms_reminder_hint",
                 fill(messages.text(language, "form.phone.sms_reminder_hint"),
                      {{"time", clock_time(unit.telephony->text_reminder_at)}}));
    }
    data.set("join_link", chosen.join_link);

    mustache::data platforms(mustache::data::type::list);
    for (const auto& platform : unit.platforms)
        platforms.push_back(choice(platform, name_of(messages, language, "platform", platform),
                                   chosen.platform == platform));
    data.set("platforms", platforms);

    // Each language by its name in the page language and by its own name, marked with its
    // language and direction so that screen readers and browsers read and draw it right.
    mustache::data languages(mustache::data::type::list);
    mustache::data dialect_groups(mustache::data::type::list);
    for (const auto& offered : offered_languages(messages, language, unit)) {
        auto item = choice(offered.code, offered.name, offered.code == wanted_language);
        if (offered.name != offered.entry->autonym) {
            item.set("autonym", std::string(offered.entry->autonym));
            item.set("autonym_dir", std::string(direction_name(offered.entry->direction)));
        }
        languages.push_back(item);
        if (offered.entry->dialects.empty()) continue;
        mustache::data dialects(mustache::data::type::list);
        for (auto dialect : offered.entry->dialects) {
            auto key = "dialect." + offered.code + "." + std::string(dialect);
            dialects.push_back(
                choice(dialect, capitalised(messages.text(language, key), language),
                       chosen.language == offered.code && chosen.dialect == dialect));
        }
        mustache::data group;
        group.set("language", offered.code);
        group.set("label", offered.name);
        group.set("dialects", dialects);
        dialect_groups.push_back(group);
    }
    data.set("languages_offered", languages);
    data.set("offers_dialects", !dialect_groups.is_empty_list());
    data.set("dialect_groups", dialect_groups);
    data.set("interpreter", chosen.interpreter);
    if (unit.offers_language(wanted_language))
        data.set(
            "speaker_hint",
            fill(messages.text(language, "form.time.speaker_hint"),
                 {{"language", capitalised(name_of(messages, language, "language", wanted_language),
                                           language)}}));
    mustache::data genders(mustache::data::type::list);
    for (std::string gender : {"", "female", "male"})
        genders.push_back(choice(
            gender,
            messages.text(language, "form.language.gender_" + (gender.empty() ? "any" : gender)),
            chosen.interpreter_gender == gender));
    data.set("interpreter_genders", genders);

    mustache::data topics(mustache::data::type::list);
    for (const auto& topic : unit.topics)
        topics.push_back(
            choice(topic, name_of(messages, language, "topic", topic), chosen.topic == topic));
    data.set("offers_topics", !unit.topics.empty());
    data.set("topics", topics);

    mustache::data roles(mustache::data::type::list);
    for (auto role : k_parent_roles) {
        bool chosen_role =
            chosen.parent_role.empty() ? role == "unspecified" : chosen.parent_role == role;
        roles.push_back(
            choice(role, name_of(messages, language, "parent_role", role), chosen_role));
    }
    data.set("parent_roles", roles);
    return data;
}

std::string form_language_link(const unit_config& unit) { return "/?unit=" + unit.id + "&lang="; }

// The booking form again after a post, with what the parent chose and what was wrong.
response form_page(const web_site& site, const request& req, const unit_config& unit,
                   const std::string& language, const booking_request& chosen,
                   const std::vector<field_error>& errors, bool slot_taken, http::status status) {
    auto data = form_data(site, unit, language, chosen, errors, slot_taken);
    if (!data)
        return error_page(site, req, language, http::status::service_unavailable, "unavailable");
    return page(site, req, status, "form", language, form_language_link(unit), *data);
}

// A kept booking form is rendered with an empty token, and each answer fills in its own: the
// token is the only part of the page that is not the same for every parent in that minute.
// Attribute values are escaped, so this text only ever begins the token's own field.
constexpr std::string_view k_token_field = R"(name="form_token" value=")";

// The page to keep, with its place for each answer's token (and gzip of it made now).
kept_body_ptr kept_form(std::string page) {
    auto at = page.find(k_token_field);
    if (at == std::string::npos) throw std::logic_error("the form page has no form_token field");
    return std::make_shared<const kept_body>(std::move(page), at + k_token_field.size());
}

// The kept page goes out from its shared buffer, with this answer's token as the only bytes
// of its own, so a thousand parents loading the form hold one copy of it, not a thousand.
reply kept_form_reply(const web_site& site, const request& req, const kept_body& form) {
    return form.answer(req, html_response(req, http::status::ok, ""),
                       site.form_tokens.issue("/book", site.bookings.now()));
}

response answer_booking(const web_site& site, const request& req, const std::string& language,
                        const unit_config& unit, const booking_request& chosen) {
    // As the phone number, the reminder belongs to the phone details: a parent who ticked it
    // and then chose video has asked for nothing.
    auto asked = chosen;
    if (asked.channel != "phone") asked.sms_reminder = false;
    auto created = site.bookings.create(asked);
    if (created) {
        site.stats.count("bookings_created");
        return confirmation_page(site, req, language, created.value());
    }
    auto failed = created.error().kind;
    switch (failed) {
        case failure_kind::invalid_input:
            return form_page(site, req, unit, language, chosen, created.error().fields, false,
                             status_of(failed));
        case failure_kind::slot_taken: {
            // The taken time is gone from the list; everything else stays as they chose it.
            auto again = chosen;
            again.start.clear();
            return form_page(site, req, unit, language, again, {}, true, status_of(failed));
        }
        case failure_kind::not_found:
        case failure_kind::unavailable:
        // Staff writes only: a parent's booking has no versions or roles.
        case failure_kind::conflict:
        case failure_kind::forbidden:
            break;
    }
    return failure_page(site, req, language, failed);
}

}  // namespace

// GET /: the form for ?unit=, or for the first configured unit. The page follows from the
// unit, the language, the bookings and the minute alone, so it is kept like the availability
// answers (until the next booking change or minute) and a kept one is answered on the I/O
// thread, with only its token made afresh.
void show_form(const site_ptr& site, request&& req, respond_fn respond) {
    auto language = site->language_of(req);
    const auto* unit = requested_unit(site->units, req);
    if (!unit)
        return respond(error_page(*site, req, language, http::status::not_found, "unknown_unit"));
    auto question = unit->id + '\n' + language;
    if (auto kept = site->form_pages.find(question))
        return respond(kept_form_reply(*site, req, *kept));
    auto asked = site->form_pages.now();
    run_page(site, req, std::move(respond), language,
             [site, unit, language, question, asked](const request& req) -> reply {
                 // When the minute turns, every parent's request misses at once and queues
                 // here: the first one rendered keeps the page for all the others.
                 if (auto kept = site->form_pages.find(question))
                     return kept_form_reply(*site, req, *kept);
                 booking_request chosen;
                 chosen.unit = unit->id;
                 auto data = form_data(*site, *unit, language, chosen, {}, false);
                 if (!data)
                     return error_page(*site, req, language, http::status::service_unavailable,
                                       "unavailable");
                 // Empty tokens: kept_form_reply fills in each answer's own.
                 data->set("form_tokens", mustache::data());
                 auto kept = kept_form(
                     site->pages.render("form", language, form_language_link(*unit), *data));
                 site->form_pages.store(question, asked, kept);
                 return kept_form_reply(*site, req, *kept);
             });
}

// POST /book
void book(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/book");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    form_reader reader(*fields);
    auto chosen = read_booking_request(reader);
    chosen.page_language = language;
    const auto* unit = find_unit(site->units, chosen.unit);
    if (!unit)
        return respond(error_page(*site, req, language, http::status::not_found, "unknown_unit"));
    run_page(site, req, std::move(respond), language,
             [site, unit, language, chosen](const request& req) {
                 return answer_booking(*site, req, language, *unit, chosen);
             });
}

}  // namespace samtal
