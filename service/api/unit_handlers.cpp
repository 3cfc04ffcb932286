// GET /api/v1/units and GET /api/v1/availability.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/core/languages.hpp"
#include "service/core/text_reminder.hpp"
#include "service/edge/request_language.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

boost::json::array strings(const std::vector<std::string>& values) {
    boost::json::array out;
    for (const auto& value : values) out.emplace_back(value);
    return out;
}

// Each offered language as a client shows it: its own name and direction, its name in the
// asked-for language, and the dialects an interpreter may be asked to speak.
boost::json::array language_details(const unit_config& unit, const message_catalog& messages,
                                    std::string_view locale) {
    boost::json::array out;
    for (const auto& code : unit.languages) {
        // Validated against the catalogue at start-up.
        const auto& entry = *find_language(code);
        boost::json::array dialects;
        for (auto dialect : entry.dialects)
            dialects.push_back(boost::json::object{
                {"code", dialect},
                {"name",
                 capitalised(messages.text(locale, "dialect." + code + "." + std::string(dialect)),
                             locale)}});
        out.push_back(boost::json::object{
            {"code", code},
            {"autonym", entry.autonym},
            {"name", capitalised(messages.text(locale, "language." + code), locale)},
            {"direction", direction_name(entry.direction)},
            {"dialects", std::move(dialects)}});
    }
    return out;
}

boost::json::object unit_json(const unit_config& unit, const message_catalog& messages,
                              std::string_view locale) {
    boost::json::array sites;
    for (const auto& site : unit.sites)
        sites.push_back(boost::json::object{{"id", site.id}, {"name", site.name}});
    return {{"id", unit.id},
            {"name", unit.name},
            {"time_zone", unit.time_zone},
            {"conversation_minutes", unit.conversation_minutes},
            {"sites", std::move(sites)},
            {"channels", strings(unit.channels)},
            {"platforms", strings(unit.platforms)},
            {"languages", strings(unit.languages)},
            {"language_details", language_details(unit, messages, locale)},
            {"topics", strings(unit.topics)},
            {"sms_reminders", offers_text_reminders(unit)}};
}

}  // namespace

void add_unit_routes(unit_services services, router& routes) {
    auto api = std::make_shared<const unit_services>(std::move(services));
    routes.add({http::verb::get, "/api/v1/units", 0, [api](request&& req, respond_fn respond) {
                    auto locale = request_language(api->messages, req);
                    boost::json::array units;
                    for (const auto& unit : api->units)
                        units.push_back(unit_json(unit, api->messages, locale));
                    auto res = json_response(
                        http::status::ok,
                        boost::json::object{{"locale", locale}, {"units", std::move(units)}}, req);
                    res.set(http::field::vary, "Accept-Language");
                    respond(std::move(res));
                }});

    routes.add(
        {http::verb::get, "/api/v1/availability", 0, [api](request&& req, respond_fn respond) {
             // The answer follows from the target's query alone (and the bookings and the
             // minute), so a repeated target is answered before its query is even parsed.
             auto question = std::string(req.target());
             if (auto known = api->availability_answers.find(question))
                 return respond(json_shared_response(http::status::ok, *known, req));
             availability_query query{
                 query_parameter(req.target(), "unit"), query_parameter(req.target(), "from"),
                 query_parameter(req.target(), "to"), query_parameter(req.target(), "channel"),
                 query_parameter(req.target(), "language")};
             auto asked = api->availability_answers.now();
             api->run_blocking(req, respond, [api, req, query, question, asked]() -> reply {
                 // When the minute turns, every client's request misses at once and queues
                 // here: the first one answered is kept for all the others.
                 if (auto known = api->availability_answers.find(question))
                     return json_shared_response(http::status::ok, *known, req);
                 auto found = api->bookings.find_availability(query);
                 if (!found) return api->problems(found.error(), req);
                 boost::json::array times;
                 const auto& zone = *found->zone;
                 for (const auto& time : found->times)
                     times.push_back(
                         boost::json::object{{"start", format_rfc3339(time.start, zone)},
                                             {"end", format_rfc3339(time.end, zone)},
                                             {"evening", time.evening},
                                             {"speaks_language", time.speaker_free}});
                 auto body = std::make_shared<const kept_body>(boost::json::serialize(
                     boost::json::object{{"unit", found->unit->id},
                                         {"time_zone", found->unit->time_zone},
                                         {"times", std::move(times)}}));
                 api->availability_answers.store(question, asked, body);
                 return json_shared_response(http::status::ok, *body, req);
             });
         }});
}

}  // namespace samtal
