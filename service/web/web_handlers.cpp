// The parent's web pages: server-rendered HTML that works without JavaScript. Every state
// change is a POST, the booking code only ever travels in a POST body, and every call into
// the booking core runs on the blocking pool.
#include "service/web/web_handlers.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <kainjow/mustache.hpp>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "service/core/languages.hpp"
#include "service/core/validation.hpp"
#include "service/embedded_files.hpp"
#include "service/web/form_body.hpp"
#include "service/web/page_renderer.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;
using std::chrono::minutes;

constexpr std::size_t k_booking_body_limit = 16 * 1024;
constexpr std::size_t k_small_body_limit = 4 * 1024;
// The form offers the next two weeks: enough to choose from, short enough to read on a phone.
constexpr date::days k_times_shown{14};
constexpr std::string_view k_static_prefix = "service/web/static/";
// date::weekday's C encoding: 0 is Sunday.
constexpr std::array<std::string_view, 7> k_weekday_keys{"sun", "mon", "tue", "wed",
                                                         "thu", "fri", "sat"};

// What the page handlers share: the application and the templates, loaded once.
struct web_site {
    explicit web_site(application& owner) : app(owner), pages(owner.messages()) {}
    application& app;
    page_renderer pages;
};
using site_ptr = std::shared_ptr<web_site>;

// ----- words, dates and times in the page language -----

// The text for "<prefix>.<id>" ("topic.sleep"), or the id itself when no catalogue names it
// (a unit may configure a topic or a language before its translations exist).
std::string name_of(const message_catalog& messages, std::string_view language,
                    std::string_view prefix, std::string_view id) {
    const auto& texts = messages.texts(language);
    auto found = texts.find(std::string(prefix) + "." + std::string(id));
    return found == texts.end() ? std::string(id) : found->second;
}

// A message with its "{name}" places filled in (word order differs between languages).
std::string fill(std::string text,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
    for (const auto& [name, value] : values) {
        std::string place;
        place.append("{").append(name).append("}");
        for (auto at = text.find(place); at != std::string::npos;
             at = text.find(place, at + value.size()))
            text.replace(at, place.size(), value);
    }
    return text;
}

// "tisdag 1 december" (format.day) or "tisdag 1 december 2026" (format.date), as written
// mid-sentence.
std::string day_label(const message_catalog& messages, std::string_view language,
                      date::local_days day, std::string_view format_key) {
    date::year_month_day ymd{day};
    auto weekday = date::weekday{day}.c_encoding();
    return fill(
        messages.text(language, format_key),
        {{"weekday", messages.text(language, "weekday." + std::string(k_weekday_keys[weekday]))},
         {"day", std::to_string(static_cast<unsigned>(ymd.day()))},
         {"month",
          messages.text(language, "month." + std::to_string(static_cast<unsigned>(ymd.month())))},
         {"year", std::to_string(static_cast<int>(ymd.year()))}});
}

// "17:00".
std::string clock_time(minutes_of_day time) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", time.value / 60, time.value % 60);
    return text;
}

std::string clock_time(local_minutes wall) {
    return clock_time(minutes_of_day{int((wall - date::floor<date::days>(wall)).count())});
}

// "Tisdag 1 december 2026, kl. 17:00–17:45" in the unit's wall time, standing on its own.
std::string when_label(const message_catalog& messages, std::string_view language,
                       sys_minutes start, sys_minutes end, const date::time_zone& zone) {
    auto local_start = to_local(start, zone);
    return capitalised(
        fill(messages.text(language, "format.when"),
             {{"date",
               day_label(messages, language, date::floor<date::days>(local_start), "format.date")},
              {"start", clock_time(local_start)},
              {"end", clock_time(to_local(end, zone))}}),
        language);
}

// The hours a site is open, for the unit page: on each weekday (0 is Monday), the periods in
// which at least one of its advisors works, overlapping and touching periods joined.
std::array<std::vector<working_period>, 7> opening_hours(const unit_config& unit,
                                                         std::string_view site) {
    std::array<std::vector<working_period>, 7> open;
    for (std::size_t day = 0; day < open.size(); ++day) {
        std::vector<working_period> periods;
        for (const auto& advisor : unit.advisors)
            if (advisor.site == site)
                periods.insert(periods.end(), advisor.hours[day].begin(), advisor.hours[day].end());
        std::sort(periods.begin(), periods.end(),
                  [](const auto& a, const auto& b) { return a.start < b.start; });
        for (const auto& period : periods) {
            if (!open[day].empty() && period.start <= open[day].back().end)
                open[day].back().end = std::max(open[day].back().end, period.end);
            else
                open[day].push_back(period);
        }
    }
    return open;
}

const date::time_zone& zone_of_booking(application& app, const booking_record& booking) {
    const auto* unit = app.settings().find_unit(booking.unit);
    return unit ? app.bookings().zone_of(*unit) : *find_time_zone("UTC");
}

// ----- responses -----

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

// Every form on every page posts to one of these; each gets its own signed token.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> k_form_actions{{
    {"book", "/book"},
    {"find", "/booking"},
    {"move", "/booking/move"},
    {"cancel", "/booking/cancel"},
    {"calendar", "/booking/calendar.ics"},
}};

response page(const web_site& site, const request& req, http::status status, std::string_view name,
              std::string_view language, std::string_view language_link, mustache::data data) {
    mustache::data tokens;
    auto now = site.app.bookings().now();
    for (const auto& [form, action] : k_form_actions)
        tokens.set(std::string(form), site.app.form_tokens().issue(action, now));
    data.set("form_tokens", tokens);
    return html_response(req, status, site.pages.render(name, language, language_link, data));
}

// A kept booking form is rendered with an empty token, and each answer fills in its own: the
// token is the only part of the page that is not the same for every parent in that minute.
// Attribute values are escaped, so this text only ever begins the token's own field.
constexpr std::string_view k_token_field = R"(name="form_token" value=")";

// The kept page goes out from its shared buffer, with this answer's token as the only bytes
// of its own, so a thousand parents loading the form hold one copy of it, not a thousand.
reply kept_form_reply(const web_site& site, const request& req,
                      std::shared_ptr<const std::string> kept_form) {
    auto at = kept_form->find(k_token_field);
    if (at == std::string::npos) throw std::logic_error("the form page has no form_token field");
    at += k_token_field.size();
    auto head = html_response(req, http::status::ok,
                              site.app.form_tokens().issue("/book", site.app.bookings().now()));
    head.content_length(kept_form->size() + head.body().size());
    return reply(std::move(head), std::move(kept_form), at);
}

// A page that could not be shown, with `kind` naming its texts ("error_page.<kind>_heading").
response error_page(const web_site& site, const request& req, std::string_view language,
                    http::status status, std::string_view kind) {
    const auto& messages = site.app.messages();
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
    site->app.run_blocking(
        req, std::move(respond),
        [site, req, language = std::move(language), work = std::move(work)]() -> reply {
            try {
                return work(req);
            } catch (const std::exception& error) {
                // The exception's text is not logged: it could quote what the parent sent.
                site->app.log().event("error", "a web page could not be made");
                return error_page(*site, req, language, http::status::service_unavailable,
                                  "unavailable");
            }
        });
}

// ----- form posts -----

bool is_form_post(const request& req) {
    auto type = req[http::field::content_type];
    constexpr std::string_view form_type = "application/x-www-form-urlencoded";
    if (type.size() < form_type.size()) return false;
    return std::equal(
               form_type.begin(), form_type.end(), type.begin(),
               [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); }) &&
           (type.size() == form_type.size() || type[form_type.size()] == ';' ||
            type[form_type.size()] == ' ');
}

// A posted page's language: the form's hidden `lang` field, then Accept-Language.
std::string post_language(const web_site& site, const request& req, const form_fields& fields) {
    return site.app.messages().negotiate(form_value(fields, "lang"),
                                         req[http::field::accept_language]);
}

// Whether the browser says the post was sent from another site. Sec-Fetch-Site is set by the
// browser itself and survives a reverse proxy that rewrites Host, so it decides when present.
// Otherwise a real Origin must name this host. "Origin: null" proves nothing either way: our
// pages' no-referrer policy makes browsers send it for their own forms too.
bool is_cross_site(const request& req) {
    auto fetch_site = req["Sec-Fetch-Site"];
    if (!fetch_site.empty()) return fetch_site != "same-origin" && fetch_site != "none";
    auto origin = req[http::field::origin];
    if (origin.empty() || origin == "null") return false;
    auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos) return true;
    auto host = req[http::field::host];
    auto origin_host = origin.substr(scheme_end + 3);
    return origin_host.size() != host.size() ||
           !std::equal(origin_host.begin(), origin_host.end(), host.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

// The fields of a form post to `action`, or nullopt after answering the error page for a body
// that is not one of our forms, or a post that did not come from a page of ours: sent from
// another site, or without a valid token for this form. A refused post changes nothing.
std::optional<form_fields> read_form(const web_site& site, const request& req,
                                     const respond_fn& respond, std::string_view action) {
    auto language = site.app.language_of(req);
    if (!is_form_post(req)) {
        respond(
            error_page(site, req, language, http::status::unsupported_media_type, "unsupported"));
        return std::nullopt;
    }
    auto fields = parse_form_body(req.body());
    if (!fields) {
        respond(error_page(site, req, language, http::status::bad_request, "bad_request"));
        return std::nullopt;
    }
    if (is_cross_site(req) || !site.app.form_tokens().verify(form_value(*fields, "form_token"),
                                                             action, site.app.bookings().now())) {
        site.app.stats().count("form_posts_refused");
        respond(error_page(site, req, post_language(site, req, *fields), http::status::forbidden,
                           "refused"));
        return std::nullopt;
    }
    return fields;
}

// The calm page for a client over one of its abuse limits, in the language of the form it
// posted: when it may try again, and that nothing was done. The server adds Retry-After.
refusal_fn too_many_requests_page(const site_ptr& site) {
    return [site](const request& req, std::chrono::seconds retry_after) {
        auto fields = parse_form_body(req.body());
        auto language = fields ? post_language(*site, req, *fields) : site->app.language_of(req);
        const auto& messages = site->app.messages();
        auto wait = std::chrono::ceil<minutes>(retry_after).count();
        mustache::data data;
        data.set("title", messages.text(language, "error_page.title"));
        data.set("heading", messages.text(language, "error_page.too_many_heading"));
        data.set("text", fill(messages.text(language, "error_page.too_many"),
                              {{"minutes", std::to_string(wait)}}));
        return page(*site, req, http::status::too_many_requests, "error", language,
                    "/?lang=", data);
    };
}

// ----- page data -----

// The error summary at the top and each field's first error next to it. Fields in
// `fields_on_page` get a link from the summary to the element with that id.
void add_errors(mustache::data& data, const message_catalog& messages, std::string_view language,
                const std::vector<field_error>& errors,
                const std::set<std::string_view>& fields_on_page) {
    mustache::data summary(mustache::data::type::list);
    mustache::data by_field;
    std::set<std::string> shown;
    for (const auto& error : errors) {
        const auto& text = messages.field_error(language, error.field, error.code);
        mustache::data item;
        item.set("message", text);
        if (fields_on_page.contains(error.field)) item.set("anchor", error.field);
        summary.push_back(item);
        if (shown.insert(error.field).second) by_field.set(error.field, text);
    }
    data.set("has_errors", !errors.empty());
    data.set("errors", summary);
    data.set("field_errors", by_field);
}

// The free times of the next two weeks. `language` is asked for only when the unit offers it.
result<availability> upcoming_times(application& app, const unit_config& unit,
                                    std::string_view language) {
    auto to = date::floor<minutes>(app.bookings().now()) + k_times_shown;
    return app.bookings().find_availability(
        {unit.id, "", format_rfc3339(to, app.bookings().zone_of(unit)), "",
         unit.offers_language(language) ? std::string(language) : ""});
}

// ----- the languages on the form -----

// The languages worth marking at a time: those some advisors speak and others do not. When
// every advisor speaks a language, a time "with an advisor who speaks it" says nothing.
std::vector<std::string_view> languages_worth_marking(const unit_config& unit) {
    std::vector<std::string_view> worth;
    for (const auto& advisor : unit.advisors)
        for (const auto& code : advisor.languages)
            if (std::find(worth.begin(), worth.end(), code) == worth.end() &&
                !std::all_of(unit.advisors.begin(), unit.advisors.end(),
                             [&](const advisor_config& other) { return other.speaks(code); }))
                worth.push_back(code);
    return worth;
}

// Of the languages worth marking, those an advisor free at the time speaks.
std::vector<std::string_view> marked_languages(const std::vector<std::string_view>& worth,
                                               const available_time& time) {
    std::vector<std::string_view> codes;
    for (auto code : worth)
        if (std::any_of(time.advisors_free.begin(), time.advisors_free.end(),
                        [&](const advisor_config* advisor) { return advisor->speaks(code); }))
            codes.push_back(code);
    return codes;
}

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

// On the booking form, the times where an advisor who speaks `language` is free are marked.
struct speaker_marks {
    const unit_config& unit;
    std::string language;  // empty: none chosen that the unit offers
};

// The free times grouped by day, as the radio buttons of _times.mustache. With `marks`, each
// time also says which languages an advisor free then speaks.
void add_times(mustache::data& data, const message_catalog& messages, std::string_view language,
               const availability& found, std::string_view chosen_start,
               const speaker_marks* marks = nullptr) {
    auto times = found.times;
    std::sort(times.begin(), times.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    mustache::data days(mustache::data::type::list);
    mustache::data day_times(mustache::data::type::list);
    std::optional<date::local_days> day;
    auto close_day = [&] {
        if (!day) return;
        mustache::data entry;
        entry.set("legend",
                  capitalised(day_label(messages, language, *day, "format.day"), language));
        entry.set("first", days.is_empty_list());
        entry.set("times", day_times);
        days.push_back(entry);
        day_times = mustache::data(mustache::data::type::list);
    };
    int index = 0;
    bool any_marked = false;
    auto worth_marking =
        marks ? languages_worth_marking(marks->unit) : std::vector<std::string_view>{};
    for (const auto& time : times) {
        auto wall = to_local(time.start, *found.zone);
        auto wall_day = date::floor<date::days>(wall);
        if (day != wall_day) {
            close_day();
            day = wall_day;
        }
        auto value = format_rfc3339(time.start, *found.zone);
        mustache::data radio;
        radio.set("id", "start-" + std::to_string(index++));
        radio.set("label", clock_time(wall));
        radio.set("evening", time.evening);
        radio.set("checked", value == chosen_start);
        radio.set("value", value);
        if (marks) {
            auto spoken = marked_languages(worth_marking, time);
            bool marked = std::find(spoken.begin(), spoken.end(), marks->language) != spoken.end();
            any_marked = any_marked || marked;
            // Space-separated for steps.js, which moves the marks when the parent picks
            // another language.
            std::string listed;
            for (auto code : spoken) {
                if (!listed.empty()) listed += ' ';
                listed += code;
            }
            radio.set("speakers", listed);
            radio.set("speaker", marked);
        }
        day_times.push_back(radio);
    }
    close_day();
    data.set("has_times", !times.empty());
    data.set("days", days);
    data.set("marks_speakers", marks != nullptr);
    data.set("any_speaker_marked", any_marked);
}

// A choice among fixed values (radio button or option), labelled from the catalogue.
mustache::data choice(std::string_view value, std::string label, bool chosen) {
    mustache::data item;
    item.set("value", std::string(value));
    item.set("label", std::move(label));
    item.set("checked", chosen);
    item.set("selected", chosen);
    return item;
}

// What the booking form for a unit shows, keeping what the parent chose; nullopt when the
// free times cannot be read. Blocking: reads availability.
std::optional<mustache::data> form_data(const web_site& site, const unit_config& unit,
                                        const std::string& language, const booking_request& chosen,
                                        const std::vector<field_error>& errors, bool slot_taken) {
    auto& app = site.app;
    const auto& messages = app.messages();
    auto times = upcoming_times(app, unit, language);
    if (!times) return std::nullopt;

    mustache::data data;
    data.set("title", messages.text(language, "form.title"));
    data.set("unit_id", unit.id);
    data.set("unit_name", unit.name);
    data.set("duration", fill(messages.text(language, "format.duration"),
                              {{"minutes", std::to_string(unit.conversation_minutes)}}));
    data.set("slot_taken", slot_taken);
    add_errors(data, messages, language, errors,
               {"start", "channel", "phone", "platform", "join_link", "language", "dialect",
                "topic", "parent_role"});
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

// A booking as its parent may see it (_booking_details.mustache): never the contact data.
void add_booking_details(mustache::data& data, application& app, std::string_view language,
                         const booking_record& booking) {
    const auto& messages = app.messages();
    data.set("when", when_label(messages, language, booking.start, booking.end,
                                zone_of_booking(app, booking)));
    data.set("channel_label", name_of(messages, language, "channel", booking.channel));
    if (!booking.platform.empty())
        data.set("platform_label", name_of(messages, language, "platform", booking.platform));
    if (!booking.language.empty())
        data.set("language_label",
                 capitalised(name_of(messages, language, "language", booking.language), language));
    if (!booking.dialect.empty())
        data.set("dialect_label",
                 capitalised(
                     messages.text(language, "dialect." + booking.language + "." + booking.dialect),
                     language));
    // Where the request to the agency stands, once there is one.
    const auto& request = booking.interpreter_request_status;
    std::string interpreter_key =
        !booking.interpreter_requested             ? "common.no"
        : !booking.interpreter                     ? "booking.interpreter_not_needed"
        : request == interpreter_status::confirmed ? "booking.interpreter_confirmed"
        : request == interpreter_status::declined || request == interpreter_status::expired
            ? "booking.interpreter_not_confirmed"
            : "booking.interpreter_booked";
    data.set("interpreter_label", messages.text(language, interpreter_key));
    data.set("status_label", messages.text(language, booking.status == booking_status::booked
                                                         ? "booking.status_booked"
                                                         : "booking.status_cancelled"));
}

response confirmation_page(const web_site& site, const request& req, const std::string& language,
                           const created_booking& created) {
    const auto& booking = created.booking;
    const auto& messages = site.app.messages();
    mustache::data data;
    data.set("title", messages.text(language, "confirmation.title"));
    data.set("code", created.code);
    // The groups of four as separate words, so that a narrow screen breaks the code between
    // groups and never inside one.
    mustache::data groups(mustache::data::type::list);
    for (std::size_t at = 0; at < created.code.size();) {
        auto dash = std::min(created.code.find('-', at), created.code.size());
        mustache::data group;
        group.set("group", created.code.substr(at, dash - at));
        group.set("last", dash == created.code.size());
        groups.push_back(group);
        at = dash + 1;
    }
    data.set("code_groups", groups);
    // What happens next, with the day and the time in words: the parent need not look further.
    auto start = to_local(booking.start, zone_of_booking(site.app, booking));
    bool is_phone = booking.channel == "phone";
    // A bridged call comes from the unit's number: the parent is told which, to recognise it.
    auto bridged_from = site.app.bridged_call_from(booking);
    auto next_key = bridged_from                ? "confirmation.next_phone_bridged"
                    : is_phone                  ? "confirmation.next_phone"
                    : booking.hosting == "unit" ? "confirmation.next_hosted"
                                                : "confirmation.next_video";
    data.set("next", fill(messages.text(language, next_key),
                          {{"date", day_label(messages, language, date::floor<date::days>(start),
                                              "format.date")},
                           {"start", clock_time(start)},
                           {"platform", name_of(messages, language, "platform", booking.platform)},
                           {"from", bridged_from.value_or("")}}));
    data.set("is_phone", is_phone);
    data.set("interpreter_booked", booking.interpreter);
    data.set("speaker_assigned", booking.interpreter_requested && !booking.interpreter);
    add_booking_details(data, site.app, language, booking);
    return page(site, req, http::status::ok, "confirmation", language,
                "/?unit=" + booking.unit + "&lang=", data);
}

// The form to type a code; with `not_found`, the one answer for every code that finds nothing.
response find_page(const web_site& site, const request& req, std::string_view language,
                   std::string_view typed_code, bool not_found) {
    const auto& messages = site.app.messages();
    mustache::data data;
    data.set("title", messages.text(language, "find.title"));
    data.set("code", std::string(typed_code));
    data.set("has_errors", not_found);
    mustache::data field_errors;
    mustache::data summary(mustache::data::type::list);
    if (not_found) {
        const auto& text = messages.text(language, "find.not_found");
        field_errors.set("code", text);
        mustache::data item;
        item.set("message", text);
        item.set("anchor", "code");
        summary.push_back(item);
    }
    data.set("field_errors", field_errors);
    data.set("errors", summary);
    return page(site, req, not_found ? http::status::not_found : http::status::ok, "find", language,
                "/booking?lang=", data);
}

// A found booking with its actions; `moved` thanks for a move, `notice` says why an action
// could not be done.
response booking_page(const web_site& site, const request& req, std::string_view language,
                      const booking_record& booking, std::string_view code, http::status status,
                      bool moved, std::string notice = {}) {
    mustache::data data;
    data.set("title", site.app.messages().text(language, "booking.title"));
    data.set("code", std::string(code));
    data.set("moved", moved);
    if (!notice.empty()) data.set("notice", std::move(notice));
    // Once the conversation has begun there is nothing left to move, cancel or remind of.
    data.set("changeable", booking.status == booking_status::booked &&
                               sys_seconds{booking.start} > site.app.bookings().now());
    // A meeting the unit hosts: the parent joins with its link, shown only to the code.
    if (booking.hosting == "unit" && booking.status == booking_status::booked) {
        auto link = site.app.bookings().hosted_join_link(booking);
        data.set("hosted_meeting", true);
        if (link) data.set("meeting_link", *link);
    }
    add_booking_details(data, site.app, language, booking);
    return page(site, req, status, "booking", language, "/booking?lang=", data);
}

// Free times to move a booking to. Blocking: reads availability.
response move_page(const web_site& site, const request& req, const std::string& language,
                   const booking_record& booking, std::string_view code,
                   std::string_view chosen_start, const std::vector<field_error>& errors,
                   bool slot_taken, http::status status) {
    auto& app = site.app;
    const auto& messages = app.messages();
    const auto* unit = app.settings().find_unit(booking.unit);
    if (!unit) return error_page(site, req, language, http::status::not_found, "unknown_unit");
    auto times = upcoming_times(app, *unit, booking.language);
    if (!times)
        return error_page(site, req, language, http::status::service_unavailable, "unavailable");
    mustache::data data;
    data.set("title", messages.text(language, "move.title"));
    data.set("code", std::string(code));
    data.set("when", when_label(messages, language, booking.start, booking.end,
                                app.bookings().zone_of(*unit)));
    data.set("slot_taken", slot_taken);
    add_errors(data, messages, language, errors, {"start"});
    add_times(data, messages, language, times.value(), chosen_start);
    return page(site, req, status, "move", language, "/booking?lang=", data);
}

std::string_view content_type_of(std::string_view path) {
    constexpr std::pair<std::string_view, std::string_view> k_types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [suffix, type] : k_types)
        if (path.ends_with(suffix)) return type;
    return "application/octet-stream";
}

// ----- what each posted form does, on the blocking pool -----

response answer_booking(const web_site& site, const request& req, const std::string& language,
                        const unit_config& unit, const booking_request& chosen) {
    auto created = site.app.bookings().create(chosen);
    if (created) {
        site.app.stats().count("bookings_created");
        return confirmation_page(site, req, language, created.value());
    }
    switch (created.error().kind) {
        case failure_kind::invalid_input:
            return form_page(site, req, unit, language, chosen, created.error().fields, false,
                             http::status::unprocessable_entity);
        case failure_kind::slot_taken: {
            // The taken time is gone from the list; everything else stays as they chose it.
            auto again = chosen;
            again.start.clear();
            return form_page(site, req, unit, language, again, {}, true, http::status::conflict);
        }
        case failure_kind::not_found:
            return error_page(site, req, language, http::status::not_found, "not_found");
        case failure_kind::unavailable:
            break;
    }
    return error_page(site, req, language, http::status::service_unavailable, "unavailable");
}

response answer_cancel(const web_site& site, const request& req, const std::string& language,
                       const std::string& code, bool confirmed) {
    auto& app = site.app;
    const auto& messages = app.messages();
    auto found = app.bookings().find(code);
    if (!found) return find_page(site, req, language, code, true);
    if (!confirmed) {
        mustache::data data;
        data.set("title", messages.text(language, "cancel.title"));
        data.set("code", code);
        data.set("when", when_label(messages, language, found->start, found->end,
                                    zone_of_booking(app, found.value())));
        return page(site, req, http::status::ok, "cancel", language, "/booking?lang=", data);
    }
    auto cancelled = app.bookings().cancel(code);
    if (cancelled) {
        app.stats().count("bookings_cancelled");
        mustache::data data;
        data.set("title", messages.text(language, "cancelled.title"));
        data.set("book_again_href", "/?unit=" + cancelled->unit + "&lang=" + language);
        return page(site, req, http::status::ok, "cancelled", language, "/booking?lang=", data);
    }
    const auto& error = cancelled.error();
    switch (error.kind) {
        case failure_kind::not_found:
            return find_page(site, req, language, code, true);
        case failure_kind::invalid_input: {
            const auto& reason = error.fields.empty() ? field_error{"booking", "already_started"}
                                                      : error.fields.front();
            return booking_page(site, req, language, found.value(), code,
                                http::status::unprocessable_entity, false,
                                messages.field_error(language, reason.field, reason.code));
        }
        case failure_kind::slot_taken:
        case failure_kind::unavailable:
            break;
    }
    return error_page(site, req, language, http::status::service_unavailable, "unavailable");
}

response answer_move(const web_site& site, const request& req, const std::string& language,
                     const std::string& code, const std::string& start, bool choosing) {
    auto& app = site.app;
    auto found = app.bookings().find(code);
    if (!found) return find_page(site, req, language, code, true);
    if (!choosing)
        return move_page(site, req, language, found.value(), code, "", {}, false, http::status::ok);
    auto moved = app.bookings().reschedule(code, start);
    if (moved) {
        app.stats().count("bookings_moved");
        return booking_page(site, req, language, moved.value(), code, http::status::ok, true);
    }
    const auto& error = moved.error();
    switch (error.kind) {
        case failure_kind::not_found:
            return find_page(site, req, language, code, true);
        case failure_kind::invalid_input:
            // "booking" errors (the conversation has begun) are about the booking, not the
            // chosen time.
            if (!error.fields.empty() && error.fields.front().field == "booking")
                return booking_page(
                    site, req, language, found.value(), code, http::status::unprocessable_entity,
                    false,
                    app.messages().field_error(language, "booking", error.fields.front().code));
            return move_page(site, req, language, found.value(), code, start, error.fields, false,
                             http::status::unprocessable_entity);
        case failure_kind::slot_taken:
            return move_page(site, req, language, found.value(), code, "", {}, true,
                             http::status::conflict);
        case failure_kind::unavailable:
            break;
    }
    return error_page(site, req, language, http::status::service_unavailable, "unavailable");
}

// ----- one handler per endpoint -----

// The unit named by ?unit=, or the first configured unit; nullptr for an unknown one.
const unit_config* requested_unit(const application& app, const request& req) {
    auto unit_id = query_parameter(req.target(), "unit");
    const auto& units = app.settings().units;
    if (unit_id.empty()) return units.empty() ? nullptr : &units.front();
    return app.settings().find_unit(unit_id);
}

// GET /unit: who the unit is, in its own words, and where and when its advisors work.
void show_unit(const site_ptr& site, request&& req, respond_fn respond) {
    const auto& app = site->app;
    const auto& messages = app.messages();
    auto language = app.language_of(req);
    const auto* unit = requested_unit(app, req);
    if (!unit)
        return respond(error_page(*site, req, language, http::status::not_found, "unknown_unit"));
    mustache::data data;
    data.set("title", unit->name);
    data.set("unit_id", unit->id);
    data.set("unit_name", unit->name);
    auto welcome = unit->welcome.find(language);
    if (welcome == unit->welcome.end()) welcome = unit->welcome.find(messages.default_language());
    if (welcome != unit->welcome.end()) data.set("welcome", welcome->second);
    data.set("duration", fill(messages.text(language, "format.duration"),
                              {{"minutes", std::to_string(unit->conversation_minutes)}}));

    // Monday first, as the advisors' hours are written in the config.
    constexpr std::array<std::string_view, 7> week{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    mustache::data sites(mustache::data::type::list);
    for (const auto& office : unit->sites) {
        auto open = opening_hours(*unit, office.id);
        mustache::data days(mustache::data::type::list);
        for (std::size_t day = 0; day < week.size(); ++day) {
            if (open[day].empty()) continue;
            std::string hours;
            for (const auto& period : open[day]) {
                if (!hours.empty()) hours += messages.text(language, "format.separator");
                hours +=
                    fill(messages.text(language, "format.period"),
                         {{"start", clock_time(period.start)}, {"end", clock_time(period.end)}});
            }
            mustache::data entry;
            entry.set("weekday",
                      capitalised(messages.text(language, "weekday." + std::string(week[day])),
                                  language));
            entry.set("hours", hours);
            days.push_back(entry);
        }
        mustache::data entry;
        entry.set("id", office.id);
        entry.set("name", office.name);
        entry.set("has_hours", !days.is_empty_list());
        entry.set("days", days);
        sites.push_back(entry);
    }
    data.set("sites", sites);
    respond(page(*site, req, http::status::ok, "unit", language,
                 "/unit?unit=" + unit->id + "&lang=", data));
}

// GET /: the form for ?unit=, or for the first configured unit. The page follows from the
// unit, the language, the bookings and the minute alone, so it is kept like the availability
// answers (until the next booking change or minute) and a kept one is answered on the I/O
// thread, with only its token made afresh.
void show_form(const site_ptr& site, request&& req, respond_fn respond) {
    auto& app = site->app;
    auto language = app.language_of(req);
    const auto* unit = requested_unit(app, req);
    if (!unit)
        return respond(error_page(*site, req, language, http::status::not_found, "unknown_unit"));
    auto question = unit->id + '\n' + language;
    if (auto kept = app.form_pages().find(question))
        return respond(kept_form_reply(*site, req, std::move(kept)));
    auto asked = app.form_pages().now();
    run_page(site, req, std::move(respond), language,
             [site, unit, language, question, asked](const request& req) -> reply {
                 // When the minute turns, every parent's request misses at once and queues
                 // here: the first one rendered keeps the page for all the others.
                 if (auto kept = site->app.form_pages().find(question))
                     return kept_form_reply(*site, req, std::move(kept));
                 booking_request chosen;
                 chosen.unit = unit->id;
                 auto data = form_data(*site, *unit, language, chosen, {}, false);
                 if (!data)
                     return error_page(*site, req, language, http::status::service_unavailable,
                                       "unavailable");
                 // Empty tokens: kept_form_reply fills in each answer's own.
                 data->set("form_tokens", mustache::data());
                 auto kept = std::make_shared<const std::string>(
                     site->pages.render("form", language, form_language_link(*unit), *data));
                 site->app.form_pages().store(question, asked, kept);
                 return kept_form_reply(*site, req, std::move(kept));
             });
}

// POST /book
void book(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/book");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto interpreter = form_value(*fields, "interpreter");
    booking_request chosen{.unit = form_value(*fields, "unit"),
                           .start = form_value(*fields, "start"),
                           .channel = form_value(*fields, "channel"),
                           .platform = form_value(*fields, "platform"),
                           .hosting = form_value(*fields, "hosting"),
                           .join_link = form_value(*fields, "join_link"),
                           .phone = form_value(*fields, "phone"),
                           .language = form_value(*fields, "language"),
                           .interpreter = interpreter == "yes" || interpreter == "on",
                           .interpreter_gender = form_value(*fields, "interpreter_gender"),
                           .topic = form_value(*fields, "topic"),
                           .parent_role = form_value(*fields, "parent_role"),
                           .dialect = form_value(*fields, "dialect")};
    const auto* unit = site->app.settings().find_unit(chosen.unit);
    if (!unit)
        return respond(error_page(*site, req, language, http::status::not_found, "unknown_unit"));
    run_page(site, req, std::move(respond), language,
             [site, unit, language, chosen](const request& req) {
                 return answer_booking(*site, req, language, *unit, chosen);
             });
}

// POST /booking: the booking for a typed code.
void find_booking(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    run_page(site, req, std::move(respond), language, [site, language, code](const request& req) {
        auto found = site->app.bookings().find(code);
        if (!found) return find_page(*site, req, language, code, true);
        return booking_page(*site, req, language, found.value(), code, http::status::ok, false);
    });
}

// POST /booking/cancel: without confirm=yes it only asks "are you sure?", so that a slip of
// the finger cancels nothing.
void cancel_booking(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking/cancel");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    bool confirmed = form_value(*fields, "confirm") == "yes";
    run_page(site, req, std::move(respond), language,
             [site, language, code, confirmed](const request& req) {
                 return answer_cancel(*site, req, language, code, confirmed);
             });
}

// POST /booking/move: without choose=yes it shows the free times; with it, it moves the
// booking to the chosen one.
void move_booking(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking/move");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    auto start = form_value(*fields, "start");
    bool choosing = form_value(*fields, "choose") == "yes";
    run_page(site, req, std::move(respond), language,
             [site, language, code, start, choosing](const request& req) {
                 return answer_move(*site, req, language, code, start, choosing);
             });
}

// POST /booking/calendar.ics: the parent's own calendar file, worded in the page language.
void calendar_file(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking/calendar.ics");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    run_page(site, req, std::move(respond), language, [site, language, code](const request& req) {
        auto found = site->app.bookings().find(code);
        if (!found) return find_page(*site, req, language, code, true);
        return site->app.parent_calendar_download(req, found.value(), language);
    });
}

// GET /privacy
void show_privacy(const site_ptr& site, request&& req, respond_fn respond) {
    auto language = site->app.language_of(req);
    mustache::data data;
    data.set("title", site->app.messages().text(language, "privacy.title"));
    // The phone service is named only where a unit has one, so the page stays exact.
    const auto& units = site->app.settings().units;
    data.set("telephony", std::any_of(units.begin(), units.end(), [](const unit_config& unit) {
                 return unit.telephony.has_value();
             }));
    respond(page(*site, req, http::status::ok, "privacy", language, "/privacy?lang=", data));
}

// GET /accessibility: the accessibility statement the law asks of a public body's web service
// (DOS-lagen 2018:1937): how far it meets the standard, what is not accessible and why, whom
// to tell (each unit's contact from the config) and where to complain.
void show_accessibility(const site_ptr& site, request&& req, respond_fn respond) {
    auto language = site->app.language_of(req);
    const auto& messages = site->app.messages();
    std::string names;
    mustache::data contacts(mustache::data::type::list);
    for (const auto& unit : site->app.settings().units) {
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

// A file compiled into the binary, cacheable for a day.
handler_fn file_handler(std::string_view path, std::string_view content) {
    return [type = content_type_of(path), content](request&& req, respond_fn respond) {
        response res{http::status::ok, req.version()};
        res.set(http::field::content_type, type);
        res.set(http::field::cache_control, "public, max-age=86400");
        res.keep_alive(req.keep_alive());
        res.body() = std::string(content);
        res.prepare_payload();
        respond(std::move(res));
    };
}

// GET /static/<file>, and the icon at /favicon.ico, where browsers look for it unasked.
void add_static_files(router& routes) {
    for (const auto& [path, content] : embedded_files()) {
        if (!path.starts_with(k_static_prefix)) continue;
        routes.add({http::verb::get, "/static/" + std::string(path.substr(k_static_prefix.size())),
                    0, file_handler(path, content)});
    }
    constexpr std::string_view icon = "service/web/static/favicon.ico";
    routes.add({http::verb::get, "/favicon.ico", 0, file_handler(icon, embedded_files().at(icon))});
}

}  // namespace

unknown_path_page add_web_routes(application& app, router& routes) {
    auto site = std::make_shared<web_site>(app);
    auto bind = [site](void (*handler)(const site_ptr&, request&&, respond_fn)) {
        return [site, handler](request&& req, respond_fn respond) {
            handler(site, std::move(req), std::move(respond));
        };
    };
    routes.add({http::verb::get, "/", 0, bind(show_form)});
    auto refuse = too_many_requests_page(site);
    routes.add({http::verb::post, "/book", k_booking_body_limit, bind(book), client_limit::booking,
                refuse});
    routes.add({http::verb::get, "/booking", 0, [site](request&& req, respond_fn respond) {
                    respond(find_page(*site, req, site->app.language_of(req), "", false));
                }});
    // Every route that takes a booking code: a wrong one costs the client that typed it.
    routes.add({http::verb::post, "/booking", k_small_body_limit, bind(find_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/cancel", k_small_body_limit, bind(cancel_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/move", k_small_body_limit, bind(move_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/calendar.ics", k_small_body_limit, bind(calendar_file),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::get, "/unit", 0, bind(show_unit)});
    routes.add({http::verb::get, "/privacy", 0, bind(show_privacy)});
    routes.add({http::verb::get, "/accessibility", 0, bind(show_accessibility)});
    add_static_files(routes);
    // A browser that follows a broken link gets a page with a way back, not JSON.
    return [site](const request& req) -> std::optional<response> {
        if (req[http::field::accept].find("text/html") == std::string_view::npos)
            return std::nullopt;
        return error_page(*site, req, site->app.language_of(req), http::status::not_found,
                          "not_found");
    };
}

}  // namespace samtal
