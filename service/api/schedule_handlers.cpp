// The unit's advisors as staff keep them (/api/v1/staff/advisors[...]): weekly hours,
// languages, site, absences, retiring; and the unit's audit log (/api/v1/staff/audit).
// Writes carry the version they were based on (If-Match or "version"); a stale one gets 409.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/api/staff_answers.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_advisor_body_limit = 8 * 1024;
constexpr std::size_t k_small_body_limit = 1024;
constexpr std::string_view k_weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string clock_time(minutes_of_day time) {
    std::string text = "00:00";
    text[0] = char('0' + time.value / 600);
    text[1] = char('0' + time.value / 60 % 10);
    text[3] = char('0' + time.value % 60 / 10);
    text[4] = char('0' + time.value % 10);
    return text;
}

std::string wall_time(local_minutes wall) { return date::format("%Y-%m-%dT%H:%M", wall); }

boost::json::object absence_json(const absence& away) {
    return {{"id", away.id}, {"from", wall_time(away.from)}, {"to", wall_time(away.until)}};
}

boost::json::object advisor_json(const advisor_config& advisor) {
    boost::json::array languages;
    for (const auto& language : advisor.languages) languages.emplace_back(language);
    boost::json::object hours;
    for (std::size_t day = 0; day < 7; ++day) {
        boost::json::array periods;
        for (const auto& period : advisor.hours[day])
            periods.emplace_back(clock_time(period.start) + "-" + clock_time(period.end));
        hours[k_weekdays[day]] = std::move(periods);
    }
    boost::json::array absences;
    for (const auto& away : advisor.absences) absences.push_back(absence_json(away));
    return {{"id", advisor.id},          {"name", advisor.name},
            {"site", advisor.site},      {"email", advisor.email},
            {"phone", advisor.phone},    {"languages", std::move(languages)},
            {"hours", std::move(hours)}, {"absences", std::move(absences)},
            {"active", advisor.active},  {"version", advisor.version}};
}

// The advisor as the body describes them: every field a staff member edits, whole.
std::optional<advisor_config> read_advisor(json_fields& fields, std::vector<field_error>& errors) {
    advisor_config advisor;
    advisor.name = fields.text("name");
    advisor.site = fields.text("site");
    advisor.email = fields.text("email");
    advisor.phone = fields.text("phone");
    advisor.languages = fields.texts("languages");
    advisor.active = fields.optional_flag("active").value_or(true);
    if (const auto* hours = fields.object("hours")) {
        for (const auto& [day, periods] : *hours) {
            auto found = std::find(std::begin(k_weekdays), std::end(k_weekdays), day);
            std::string field = "hours." + std::string(day.substr(0, 16));
            if (found == std::end(k_weekdays) || !periods.is_array()) {
                errors.push_back(
                    {field, found == std::end(k_weekdays) ? "unknown_field" : "wrong_type"});
                continue;
            }
            for (const auto& period : periods.get_array()) {
                std::string text = period.is_string() ? std::string(period.get_string()) : "";
                auto dash = text.find('-');
                auto start = parse_minutes_of_day(text.substr(0, dash));
                auto end = dash == std::string_view::npos
                               ? std::nullopt
                               : parse_minutes_of_day(text.substr(dash + 1));
                if (!start || !end) {
                    errors.push_back({field, "invalid_period"});
                    break;
                }
                advisor.hours[std::size_t(found - std::begin(k_weekdays))].push_back(
                    {*start, *end});
            }
        }
    }
    return advisor;
}

// "2026-12-07" (the start of that day, or for `to` its end) or "2026-12-07T13:00".
std::optional<local_minutes> read_wall_time(std::string_view text, bool end_of_day) {
    std::istringstream in{std::string(text)};
    local_minutes wall;
    if (text.size() == 10) {
        date::local_days day;
        in >> date::parse("%Y-%m-%d", day);
        if (in.fail()) return std::nullopt;
        return local_minutes{(day + date::days{end_of_day ? 1 : 0}).time_since_epoch()};
    }
    if (text.size() != 16) return std::nullopt;
    in >> date::parse("%Y-%m-%dT%H:%M", wall);
    if (in.fail()) return std::nullopt;
    return wall;
}

// The conversations nobody could take, for /metrics, after a change that may have left some.
void publish_undecided(const schedule_services& api) {
    api.stats.set_gauge("samtal_conversations", "needs_decision", api.schedules.needing_decision());
}

response with_version(response res, int version) {
    res.set(http::field::etag, "\"" + std::to_string(version) + "\"");
    return res;
}

}  // namespace

void add_schedule_routes(schedule_services services, router& routes) {
    auto api = std::make_shared<const schedule_services>(std::move(services));
    const std::vector<std::string> keepers{"advisor", "coordinator"};

    routes.add(staff_route(
        http::verb::get, "/api/v1/staff/advisors", 0, {"advisor", "coordinator", "manager"},
        api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            api->run_blocking(req, respond, [api, req, who] {
                auto listed = api->schedules.advisors(who, requested_unit(req, who));
                if (!listed) return staff_problem(api->problems, listed.error(), req);
                boost::json::array advisors;
                for (const auto& advisor : listed.value())
                    advisors.push_back(advisor_json(advisor));
                return json_response(http::status::ok,
                                     boost::json::object{{"advisors", std::move(advisors)}}, req);
            });
        }));

    // A coordinator adds an advisor; the id is theirs to choose and stays.
    routes.add(staff_route(
        http::verb::post, "/api/v1/staff/advisors", k_advisor_body_limit, {"coordinator"},
        api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            auto id = fields.text("id");
            std::vector<field_error> errors;
            auto advisor = read_advisor(fields, errors);
            auto unread = fields.errors();
            errors.insert(errors.end(), unread.begin(), unread.end());
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            advisor->id = id;
            api->run_blocking(req, respond, [api, req, who, added = *advisor] {
                auto saved = api->schedules.save_advisor(who, requested_unit(req, who), added, 0);
                if (!saved) return staff_problem(api->problems, saved.error(), req);
                return with_version(
                    json_response(http::status::created, advisor_json(saved.value()), req),
                    saved->version);
            });
        }));

    routes.add(
        staff_route(http::verb::get, "/api/v1/staff/advisors/{id}", 0,
                    {"advisor", "coordinator", "manager"}, api->staff, api->problems,
                    [api](request&& req, respond_fn respond, const staff_identity& who) {
                        api->run_blocking(req, respond, [api, req, who] {
                            auto found = api->schedules.advisor(who, requested_unit(req, who),
                                                                path_segment(req.target(), 4));
                            if (!found) return staff_problem(api->problems, found.error(), req);
                            return with_version(
                                json_response(http::status::ok, advisor_json(found.value()), req),
                                found->version);
                        });
                    }));

    // The advisor whole as it should be: hours, languages, site, contact, active (retiring is
    // the coordinator's). Conversations the change leaves them unable to hold are handed over.
    routes.add(staff_route(
        http::verb::put, "/api/v1/staff/advisors/{id}", k_advisor_body_limit, keepers, api->staff,
        api->problems, [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            auto version = version_written_against(req, fields.integer("version"));
            std::vector<field_error> errors;
            auto advisor = read_advisor(fields, errors);
            auto unread = fields.errors();
            errors.insert(errors.end(), unread.begin(), unread.end());
            // Version 0 would be a new advisor, which is POST's.
            if (!version || *version < 1) errors.push_back({"version", "required"});
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            advisor->id = path_segment(req.target(), 4);
            api->run_blocking(req, respond, [api, req, who, changed = *advisor, version] {
                auto saved =
                    api->schedules.save_advisor(who, requested_unit(req, who), changed, *version);
                if (!saved) return staff_problem(api->problems, saved.error(), req);
                publish_undecided(*api);
                return with_version(
                    json_response(http::status::ok, advisor_json(saved.value()), req),
                    saved->version);
            });
        }));

    routes.add(staff_route(
        http::verb::post, "/api/v1/staff/advisors/{id}/absences", k_small_body_limit, keepers,
        api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto body = json_body(api->problems, req, respond);
            if (!body) return;
            json_fields fields(*body);
            auto from = read_wall_time(fields.text("from"), false);
            auto to = read_wall_time(fields.text("to"), true);
            auto errors = fields.errors();
            if (!from) errors.push_back({"from", "invalid_time"});
            if (!to) errors.push_back({"to", "invalid_time"});
            if (!errors.empty())
                return respond(api->problems(problem_kind::validation_failed, req, errors));
            api->run_blocking(req, respond, [api, req, who, away = absence{*from, *to, 0}] {
                auto added = api->schedules.add_absence(who, requested_unit(req, who),
                                                        path_segment(req.target(), 4), away);
                if (!added) return staff_problem(api->problems, added.error(), req);
                boost::json::array handed_over, undecided;
                for (const auto& booking : added->handed_over)
                    handed_over.emplace_back(conversation_id_of(booking));
                for (const auto& booking : added->needs_decision)
                    undecided.emplace_back(conversation_id_of(booking));
                api->stats.count("absences_added");
                publish_undecided(*api);
                return json_response(http::status::created,
                                     boost::json::object{{"absence", absence_json(added->added)},
                                                         {"handed_over", std::move(handed_over)},
                                                         {"needs_decision", std::move(undecided)}},
                                     req);
            });
        }));

    routes.add(staff_route(
        http::verb::delete_, "/api/v1/staff/advisors/{id}/absences/{absence}", 0, keepers,
        api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            auto id_text = path_segment(req.target(), 6);
            std::int64_t absence_id = 0;
            if (id_text.empty() || id_text.size() > 18 ||
                !std::all_of(id_text.begin(), id_text.end(),
                             [](char c) { return c >= '0' && c <= '9'; }))
                return respond(api->problems(problem_kind::not_found, req));
            absence_id = std::stoll(id_text);
            api->run_blocking(req, respond, [api, req, who, absence_id] {
                auto removed = api->schedules.remove_absence(
                    who, requested_unit(req, who), path_segment(req.target(), 4), absence_id);
                if (!removed) return staff_problem(api->problems, removed.error(), req);
                return json_response(http::status::ok, boost::json::object{{"removed", absence_id}},
                                     req);
            });
        }));

    // Who changed what and when; staff names and ids only.
    routes.add(staff_route(
        http::verb::get, "/api/v1/staff/audit", 0, {"coordinator"}, api->staff, api->problems,
        [api](request&& req, respond_fn respond, const staff_identity& who) {
            api->run_blocking(req, respond, [api, req, who] {
                auto log = api->schedules.audit_log(who, requested_unit(req, who));
                if (!log) return staff_problem(api->problems, log.error(), req);
                boost::json::array entries;
                for (const auto& entry : log.value())
                    entries.push_back(
                        boost::json::object{{"at", format_utc(entry.at, "%Y-%m-%dT%H:%M:%SZ")},
                                            {"actor", entry.actor},
                                            {"action", entry.action},
                                            {"subject", entry.subject}});
                return json_response(http::status::ok,
                                     boost::json::object{{"entries", std::move(entries)}}, req);
            });
        }));
}

}  // namespace samtal
