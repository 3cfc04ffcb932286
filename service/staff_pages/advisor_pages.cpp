// The unit's advisors (/staff/advisors) and one advisor's schedule (/staff/advisors/{id}):
// weekly hours, languages, site and contact, saved with the version the form was read at; the
// absences with their removal; and an absence previewed (the conversations it would hand over,
// and to whom) before a second post saves it. staff_service checks who may touch whom.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <kainjow/mustache.hpp>
#include <sstream>

#include "service/core/wall_time.hpp"
#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::size_t k_schedule_body_limit = 8 * 1024;
constexpr std::size_t k_form_body_limit = 4 * 1024;
constexpr std::string_view k_weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return staff_text(site, language, key);
}

// "09:00-12:00, 13:00-16:30", as the hours field shows a weekday's periods.
std::string periods_text(const std::vector<working_period>& periods) {
    std::string shown;
    for (const auto& period : periods)
        shown +=
            (shown.empty() ? "" : ", ") + clock_time(period.start) + "-" + clock_time(period.end);
    return shown;
}

// A weekday's periods as typed: spans "HH:MM-HH:MM" separated by commas (or spaces around
// them); nullopt when one of them does not read.
std::optional<std::vector<working_period>> read_periods(std::string_view typed) {
    std::vector<working_period> periods;
    std::string span;
    auto flush = [&]() -> bool {
        if (span.empty()) return true;
        auto dash = span.find('-');
        auto start = parse_minutes_of_day(span.substr(0, dash));
        auto end =
            dash == std::string::npos ? std::nullopt : parse_minutes_of_day(span.substr(dash + 1));
        span.clear();
        if (!start || !end) return false;
        periods.push_back({*start, *end});
        return true;
    };
    for (char c : typed) {
        if (c == ',' || c == ';') {
            if (!flush()) return std::nullopt;
        } else if (c != ' ' && c != '\t') {
            span += c;
        }
    }
    if (!flush()) return std::nullopt;
    return periods;
}

std::optional<date::local_days> date_of(const std::string& typed) {
    std::istringstream in(typed);
    date::local_days day;
    in >> date::parse("%Y-%m-%d", day);
    if (in.fail() || typed.size() != 10) return std::nullopt;
    return day;
}

// What the schedule form shows: the advisor as stored, or as posted when it comes back with
// errors.
struct schedule_fields {
    std::string name, email, phone, site;
    std::vector<std::string> languages;
    std::array<std::string, 7> hours;
};

schedule_fields fields_of(const advisor_config& advisor) {
    schedule_fields shown{advisor.name, advisor.email,     advisor.phone,
                          advisor.site, advisor.languages, {}};
    for (std::size_t day = 0; day < 7; ++day) shown.hours[day] = periods_text(advisor.hours[day]);
    return shown;
}

schedule_fields fields_of(const form_fields& posted, const unit_config& unit) {
    schedule_fields shown{form_value(posted, "name"),
                          form_value(posted, "email"),
                          form_value(posted, "phone"),
                          form_value(posted, "site"),
                          {},
                          {}};
    for (const auto& language : unit.languages)
        if (!form_value(posted, "language_" + language).empty())
            shown.languages.push_back(language);
    for (std::size_t day = 0; day < 7; ++day)
        shown.hours[day] = form_value(posted, "hours_" + std::string(k_weekdays[day]));
    return shown;
}

// The absence form as posted, for showing it again and for its preview.
struct absence_fields {
    std::string from, to;
};

struct schedule_view {
    http::status status = http::status::ok;
    std::optional<schedule_fields> schedule;  // as posted; nullopt: as stored
    absence_fields absence;
    std::vector<field_error> schedule_errors;
    std::vector<field_error> absence_errors;
    const std::vector<absence_handover>* preview = nullptr;
    std::string notice;
    std::string refused;
};

reply schedule_page(const staff_site& site, const request& req, const staff_session_view& session,
                    const std::string& language, const std::string& advisor_id,
                    schedule_view view) {
    const auto& who = session.who;
    const auto& messages = site.web->messages;
    auto found = site.schedules.advisor(who, who.unit, advisor_id);
    if (!found) {
        mustache::data data;
        data.set("title", text(site, language, "not_found"));
        data.set("message", text(site, language, "not_found"));
        return staff_page(site, req, http::status::not_found, "staff_notice", language,
                          std::move(data), &session);
    }
    const auto& advisor = found.value();
    const auto* unit = find_unit(site.web->units, who.unit);
    const auto& zone = site.web->bookings.zone_of(*unit);
    auto shown = view.schedule ? *view.schedule : fields_of(advisor);

    mustache::data data;
    auto heading = fill(text(site, language, "schedule_heading"), {{"name", advisor.name}});
    data.set("title", heading);
    data.set("heading", heading);
    data.set("advisor_id", advisor.id);
    data.set("version", std::to_string(advisor.version));
    data.set("can_edit", who.acts_for(who.unit, advisor.id));
    if (!view.notice.empty()) data.set("notice", view.notice);
    if (!view.refused.empty()) data.set("refused", view.refused);
    data.set("name", shown.name);
    data.set("email", shown.email);
    data.set("phone", shown.phone);
    mustache::data sites(mustache::data::type::list);
    for (const auto& place : unit->sites) {
        mustache::data option;
        option.set("id", place.id);
        option.set("name", place.name);
        option.set("selected", place.id == shown.site);
        sites.push_back(option);
    }
    data.set("sites", sites);
    mustache::data languages(mustache::data::type::list);
    for (const auto& code : unit->languages) {
        mustache::data option;
        option.set("code", code);
        option.set("name", capitalised(name_of(messages, language, "language", code), language));
        option.set("checked", std::find(shown.languages.begin(), shown.languages.end(), code) !=
                                  shown.languages.end());
        languages.push_back(option);
    }
    data.set("languages", languages);
    data.set("evening_hint", fill(text(site, language, "hours_hint"),
                                  {{"evening", clock_time(unit->evening_from)}}));

    mustache::data schedule_errors;
    add_field_errors(site, schedule_errors, language, view.schedule_errors);
    data.set("schedule_errors", schedule_errors);
    mustache::data days(mustache::data::type::list);
    for (std::size_t day = 0; day < 7; ++day) {
        mustache::data entry;
        std::string key(k_weekdays[day]);
        entry.set("key", key);
        entry.set("label", text(site, language, "weekday_" + key));
        entry.set("value", shown.hours[day]);
        for (const auto& error : view.schedule_errors)
            if (error.field == "hours." + key) {
                entry.set("error", staff_error_text(site, language, error));
                break;
            }
        days.push_back(entry);
    }
    data.set("days", days);

    mustache::data absences(mustache::data::type::list);
    for (const auto& away : advisor.absences) {
        mustache::data item;
        item.set("id", std::to_string(away.id));
        // An absence from the API may start or end within a day; the form's are whole days.
        auto until = away.until - std::chrono::minutes{1};
        item.set("from",
                 day_label(messages, language, date::floor<date::days>(away.from), "format.date"));
        item.set("to",
                 day_label(messages, language, date::floor<date::days>(until), "format.date"));
        absences.push_back(item);
    }
    data.set("has_absences", !advisor.absences.empty());
    data.set("absences", absences);
    data.set("absence_from", view.absence.from);
    data.set("absence_to", view.absence.to);
    mustache::data absence_errors;
    add_field_errors(site, absence_errors, language, view.absence_errors);
    data.set("absence_errors", absence_errors);

    if (view.preview) {
        auto advisors = site.schedules.advisors(who, who.unit);
        mustache::data rows(mustache::data::type::list);
        for (const auto& entry : *view.preview) {
            mustache::data row;
            row.set("when",
                    when_label(messages, language, entry.booking.start, entry.booking.end, zone));
            const auto* to = advisors ? find_advisor(advisors.value(), entry.to) : nullptr;
            if (entry.to.empty() || !to)
                row.set("to", text(site, language, "needs_decision_short"));
            else
                row.set("to", to->name);
            row.set("undecided", entry.to.empty());
            rows.push_back(row);
        }
        data.set("previewed", true);
        data.set("preview", rows);
        data.set("preview_empty", view.preview->empty());
    }
    return staff_page(site, req, view.status, "staff_schedule", language, std::move(data),
                      &session);
}

// The answer to a write that failed: its field errors at their fields (422), a stale version
// (409) with the current schedule, or what was not there.
reply refused_write(const staff_site& site, const request& req, const staff_session_view& session,
                    const std::string& language, const std::string& advisor_id,
                    const failure& error, schedule_view view, bool absence_form) {
    if (error.kind == failure_kind::conflict) {
        view.status = http::status::conflict;
        view.schedule.reset();
        view.preview = nullptr;
        view.refused = text(site, language, "changed_meanwhile");
    } else if (error.kind == failure_kind::invalid_input) {
        view.status = http::status::unprocessable_entity;
        (absence_form ? view.absence_errors : view.schedule_errors) = error.fields;
    } else {
        mustache::data data;
        auto status = error.kind == failure_kind::forbidden ? http::status::forbidden
                                                            : http::status::not_found;
        auto key = status == http::status::forbidden ? "not_allowed" : "not_found";
        data.set("title", text(site, language, key));
        data.set("message", text(site, language, key));
        return staff_page(site, req, status, "staff_notice", language, std::move(data), &session);
    }
    return schedule_page(site, req, session, language, advisor_id, std::move(view));
}

std::string advisor_in(const request& req) { return path_segment(req.target(), 2); }

}  // namespace

void add_advisor_pages(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff/advisors", 0, {"coordinator", "manager"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            const auto& messages = site.web->messages;
            auto listed = site.schedules.advisors(session.who, session.who.unit);
            const auto* unit = find_unit(site.web->units, session.who.unit);
            mustache::data data;
            data.set("title", text(site, language, "advisors_heading"));
            mustache::data rows(mustache::data::type::list);
            if (listed && unit)
                for (const auto& advisor : listed.value()) {
                    mustache::data row;
                    row.set("id", advisor.id);
                    row.set("name", advisor.name);
                    std::string place = advisor.site;
                    for (const auto& known : unit->sites)
                        if (known.id == advisor.site) place = known.name;
                    row.set("site", place);
                    std::string spoken;
                    for (const auto& code : advisor.languages)
                        spoken += (spoken.empty() ? "" : ", ") +
                                  name_of(messages, language, "language", code);
                    row.set("languages", spoken);
                    row.set("retired", !advisor.active);
                    rows.push_back(row);
                }
            data.set("advisors", rows);
            return staff_page(site, req, http::status::ok, "staff_advisors", language,
                              std::move(data), &session);
        }));

    routes.add(staff_page_route(
        http::verb::get, "/staff/advisors/{id}", 0, {"advisor", "coordinator", "manager"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            schedule_view view;
            auto done = query_parameter(req.target(), "done");
            if (done == "saved") view.notice = text(site, language, "schedule_saved");
            if (done == "absence_removed") view.notice = text(site, language, "absence_removed");
            if (done == "absence")
                view.notice = fill(
                    text(site, language, "absence_reported"),
                    {{"handed_over",
                      std::to_string(std::max(
                          0, std::atoi(query_parameter(req.target(), "handed_over").c_str())))},
                     {"undecided",
                      std::to_string(std::max(
                          0, std::atoi(query_parameter(req.target(), "undecided").c_str())))}});
            // The day page's absence form, come for its preview: nothing is written.
            auto from = query_parameter(req.target(), "absence_from");
            auto to = query_parameter(req.target(), "absence_to");
            auto first = date_of(from), last = date_of(to);
            if (!first || !last)
                return schedule_page(site, req, session, language, advisor_in(req),
                                     std::move(view));
            view.absence = {from, to};
            auto preview = site.schedules.preview_absence(
                session.who, session.who.unit, advisor_in(req),
                {local_minutes{first->time_since_epoch()},
                 local_minutes{(*last + date::days{1}).time_since_epoch()}, 0});
            if (!preview)
                return refused_write(site, req, session, language, advisor_in(req), preview.error(),
                                     std::move(view), true);
            view.preview = &preview.value();
            return schedule_page(site, req, session, language, advisor_in(req), std::move(view));
        }));

    // The whole schedule as the form shows it, against the version it was read at.
    routes.add(staff_page_route(
        http::verb::post, "/staff/advisors/{id}", k_schedule_body_limit, {"advisor", "coordinator"},
        site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            const auto& who = session.who;
            auto advisor_id = advisor_in(req);
            auto current = site.schedules.advisor(who, who.unit, advisor_id);
            const auto* unit = find_unit(site.web->units, who.unit);
            schedule_view view;
            if (!current || !unit)
                return refused_write(site, req, session, language, advisor_id,
                                     failure{failure_kind::not_found, {}}, std::move(view), false);
            view.schedule = fields_of(fields, *unit);
            advisor_config changed = current.value();
            changed.name = view.schedule->name;
            changed.email = view.schedule->email;
            changed.phone = view.schedule->phone;
            changed.site = view.schedule->site;
            changed.languages = view.schedule->languages;
            std::vector<field_error> errors;
            for (std::size_t day = 0; day < 7; ++day) {
                auto periods = read_periods(view.schedule->hours[day]);
                if (periods)
                    changed.hours[day] = std::move(*periods);
                else
                    errors.push_back({"hours." + std::string(k_weekdays[day]), "invalid_period"});
            }
            auto version = parse_version(form_value(fields, "version"));
            if (!version || *version < 1) errors.push_back({"version", "required"});
            if (!errors.empty())
                return refused_write(site, req, session, language, advisor_id,
                                     failure::invalid(std::move(errors)), std::move(view), false);
            auto saved = site.schedules.save_advisor(who, who.unit, changed, *version);
            if (!saved)
                return refused_write(site, req, session, language, advisor_id, saved.error(),
                                     std::move(view), false);
            return see_other(req,
                             "/staff/advisors/" + advisor_id + "?lang=" + language + "&done=saved");
        }));

    // step=preview shows what the absence would hand over; step=save saves it, unless the
    // schedule changed since the preview (then the new preview is shown, 409).
    routes.add(staff_page_route(
        http::verb::post, "/staff/advisors/{id}/absences", k_form_body_limit,
        {"advisor", "coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            const auto& who = session.who;
            auto advisor_id = advisor_in(req);
            schedule_view view;
            view.absence = {form_value(fields, "from"), form_value(fields, "to")};
            auto from = date_of(view.absence.from);
            auto to = date_of(view.absence.to);
            std::vector<field_error> errors;
            if (!from)
                errors.push_back({"from", view.absence.from.empty() ? "required" : "invalid_date"});
            if (!to)
                errors.push_back({"to", view.absence.to.empty() ? "required" : "invalid_date"});
            if (!errors.empty())
                return refused_write(site, req, session, language, advisor_id,
                                     failure::invalid(std::move(errors)), std::move(view), true);
            absence away{local_minutes{from->time_since_epoch()},
                         local_minutes{(*to + date::days{1}).time_since_epoch()}, 0};
            auto preview = site.schedules.preview_absence(who, who.unit, advisor_id, away);
            if (!preview)
                return refused_write(site, req, session, language, advisor_id, preview.error(),
                                     std::move(view), true);
            view.preview = &preview.value();
            if (form_value(fields, "step") != "save")
                return schedule_page(site, req, session, language, advisor_id, std::move(view));
            // The preview was of the schedule at its version; a change since may change it.
            auto current = site.schedules.advisor(who, who.unit, advisor_id);
            if (current && parse_version(form_value(fields, "version")) != current->version) {
                view.status = http::status::conflict;
                view.refused = text(site, language, "changed_since_preview");
                return schedule_page(site, req, session, language, advisor_id, std::move(view));
            }
            auto added = site.schedules.add_absence(who, who.unit, advisor_id, away);
            if (!added)
                return refused_write(site, req, session, language, advisor_id, added.error(),
                                     std::move(view), true);
            return see_other(
                req, "/staff/advisors/" + advisor_id + "?lang=" + language +
                         "&done=absence&handed_over=" + std::to_string(added->handed_over.size()) +
                         "&undecided=" + std::to_string(added->needs_decision.size()));
        }));

    routes.add(staff_page_route(
        http::verb::post, "/staff/advisors/{id}/absences/remove", k_form_body_limit,
        {"advisor", "coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields& fields) -> reply {
            auto advisor_id = advisor_in(req);
            auto id_text = form_value(fields, "absence");
            auto id = parse_version(id_text);
            auto removed =
                id ? site.schedules.remove_absence(session.who, session.who.unit, advisor_id, *id)
                   : result<bool>(failure{failure_kind::not_found, {}});
            if (!removed)
                return refused_write(site, req, session, language, advisor_id, removed.error(), {},
                                     true);
            return see_other(req, "/staff/advisors/" + advisor_id + "?lang=" + language +
                                      "&done=absence_removed");
        }));
}

}  // namespace samtal
