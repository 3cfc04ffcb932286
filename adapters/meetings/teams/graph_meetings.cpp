#include "adapters/meetings/teams/graph_meetings.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "adapters/meetings/registry.hpp"

namespace samtal {
namespace {

boost::json::object schedule(const meeting_times& times) {
    return {{"startDateTime", format_utc(sys_seconds{times.start}, "%Y-%m-%dT%H:%M:%SZ")},
            {"endDateTime", format_utc(sys_seconds{times.end}, "%Y-%m-%dT%H:%M:%SZ")}};
}

// Graph's meeting ids are long opaque strings; they go into a path, so only what Graph uses.
bool meeting_id(std::string_view id) {
    return !id.empty() && id.size() <= 512 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '=';
    });
}

}  // namespace

provider_client::token_request graph_meetings::how_to_get_a_token() const {
    return {settings_.token_url + "/" + url_encoded(settings_.account_id) + "/oauth2/v2.0/token",
            "client_id=" + url_encoded(settings_.client_id) +
                "&client_secret=" + url_encoded(settings_.client_secret) +
                "&scope=" + url_encoded("https://graph.microsoft.com/.default") +
                "&grant_type=client_credentials",
            false};
}

std::string graph_meetings::meeting_path(const std::string& id) const {
    return "/users/" + url_encoded(settings_.user_id) + "/onlineMeetings" +
           (id.empty() ? "" : "/" + url_encoded(id));
}

outside_call_result graph_meetings::create(const meeting_times& times, hosted_meeting& created) {
    auto request = schedule(times);
    request["subject"] = times.subject;
    request["lobbyBypassSettings"] = {{"scope", "organizer"}, {"isDialInBypassEnabled", false}};
    request["allowedPresenters"] = "organizer";
    request["recordAutomatically"] = false;
    auto answer = call("POST", meeting_path(""), boost::json::serialize(request));
    if (answer.outcome.status != delivery_status::delivered) return answer.outcome;
    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    const auto* id = object ? object->if_contains("id") : nullptr;
    const auto* join_url = object ? object->if_contains("joinWebUrl") : nullptr;
    if (!id || !id->is_string() || !meeting_id(id->get_string()) || !join_url ||
        !join_url->is_string())
        return {delivery_status::failed_permanently, "meeting provider answer unusable"};
    auto link = check_meeting_link("teams", std::string_view(join_url->get_string()));
    if (!link.link)
        return {delivery_status::failed_permanently, "meeting provider gave an unusable link"};
    created = {std::string(id->get_string()), *link.link};
    return answer.outcome;
}

outside_call_result graph_meetings::move(const std::string& id, const meeting_times& times) {
    return call("PATCH", meeting_path(id), boost::json::serialize(schedule(times))).outcome;
}

outside_call_result graph_meetings::remove(const std::string& id) {
    auto answer = call("DELETE", meeting_path(id), "");
    if (answer.status == 404) return {delivery_status::delivered, ""};
    return answer.outcome;
}

}  // namespace samtal
