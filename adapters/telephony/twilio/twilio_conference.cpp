#include "adapters/telephony/twilio/twilio_conference.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <regex>

#include "adapters/outgoing_http/curl_call.hpp"

namespace samtal {
namespace {

// A participant, an error or a page of conferences is a few kilobytes: stop reading far
// beyond that.
constexpr std::size_t k_max_answer_bytes = 64 * 1024;
// How long each phone rings before Twilio gives up on it (Twilio allows 5 to 600).
constexpr int k_ring_seconds = 60;

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields)
        body += (body.empty() ? "" : "&") + name + "=" + url_encoded(value);
    return body;
}

const boost::json::object* json_object(const std::string& body, boost::json::value& holder) {
    boost::system::error_code ec;
    holder = boost::json::parse(body, ec);
    return ec ? nullptr : holder.if_object();
}

// Twilio's error answer is {"code": 21211, "message": ..., "more_info": ..., "status": 400}.
// Only the code is kept: the message may repeat the number that was called.
std::string twilio_error_code(const std::string& body) {
    boost::json::value json;
    const auto* object = json_object(body, json);
    const auto* code = object ? object->if_contains("code") : nullptr;
    if (!code || !code->is_int64()) return "";
    return " (Twilio error " + std::to_string(code->get_int64()) + ")";
}

// A participant answer names the call Twilio placed: "CA" and 32 hex digits.
bool names_a_call(const std::string& body) {
    boost::json::value json;
    const auto* object = json_object(body, json);
    const auto* call = object ? object->if_contains("call_sid") : nullptr;
    static const std::regex call_sid("CA[0-9a-fA-F]{32}");
    return call && call->is_string() && std::regex_match(std::string(call->get_string()), call_sid);
}

}  // namespace

json_answer twilio_conference::exchange(const std::string& path, const std::string& form) {
    curl_call transfer(account_.timeout, account_.verify_tls, outgoing_);
    auto answer = json_exchange(
        transfer, {.method = form.empty() ? "GET" : "POST",
                   .url = account_.api_url + "/2010-04-01/Accounts/" +
                          url_encoded(account_.account_sid) + path,
                   .body = form,
                   .content_type = "application/x-www-form-urlencoded",
                   .credentials = basic_credentials{account_.account_sid, account_.auth_token},
                   .answer_limit = k_max_answer_bytes,
                   .party = "telephony provider"});
    if (answer.status != 0 && answer.outcome.status != delivery_status::delivered)
        answer.outcome.reason += twilio_error_code(answer.body);
    return answer;
}

outside_call_result twilio_conference::dial(const conference_dial& dial) {
    // Nothing is recorded, nobody else can join (three at most), and the call ends by itself
    // when the conversation's time is long over.
    auto answer = exchange("/Conferences/" + url_encoded(dial.conference) + "/Participants.json",
                           form({{"From", account_.from},
                                 {"To", dial.to},
                                 {"Label", dial.role},
                                 {"Timeout", std::to_string(k_ring_seconds)},
                                 {"StartConferenceOnEnter", dial.leads ? "true" : "false"},
                                 {"EndConferenceOnExit", dial.leads ? "true" : "false"},
                                 {"Record", "false"},
                                 {"ConferenceRecord", "do-not-record"},
                                 {"MaxParticipants", "3"},
                                 {"TimeLimit", std::to_string(dial.time_limit.count())}}));
    if (answer.outcome.status != delivery_status::delivered) return answer.outcome;
    // Twilio took the call but its answer makes no sense: trying again might ring the phone
    // twice, so it is for a person to look at.
    if (!names_a_call(answer.body))
        return {delivery_status::failed_permanently, "telephony provider answer unusable"};
    return answer.outcome;
}

outside_call_result twilio_conference::look_up(const std::string& conference,
                                               conference_state& state) {
    state = {};
    auto listed = exchange("/Conferences.json?FriendlyName=" + url_encoded(conference), "");
    if (listed.outcome.status != delivery_status::delivered) return listed.outcome;
    boost::json::value json;
    const auto* page = json_object(listed.body, json);
    const auto* conferences = page ? page->if_contains("conferences") : nullptr;
    if (!conferences || !conferences->is_array())
        return {delivery_status::retry_later, "telephony provider answer unusable"};
    // The conference not yet completed: "init" while the leader's phone rings, then
    // "in-progress". Its SID goes into a path, so it must look like one.
    static const std::regex conference_sid("CF[0-9a-fA-F]{32}");
    std::string sid;
    for (const auto& item : conferences->get_array()) {
        const auto* object = item.if_object();
        const auto* name = object ? object->if_contains("friendly_name") : nullptr;
        const auto* status = object ? object->if_contains("status") : nullptr;
        const auto* id = object ? object->if_contains("sid") : nullptr;
        if (!name || !name->is_string() || name->get_string() != conference || !status ||
            !status->is_string() || status->get_string() == "completed" || !id ||
            !id->is_string() || !std::regex_match(std::string(id->get_string()), conference_sid))
            continue;
        if (sid.empty() || status->get_string() == "in-progress") sid = id->get_string();
        state.started = state.started || status->get_string() == "in-progress";
    }
    if (sid.empty()) return listed.outcome;

    auto participants = exchange("/Conferences/" + sid + "/Participants.json", "");
    if (participants.outcome.status != delivery_status::delivered) return participants.outcome;
    const auto* list = json_object(participants.body, json);
    const auto* people = list ? list->if_contains("participants") : nullptr;
    if (!people || !people->is_array())
        return {delivery_status::retry_later, "telephony provider answer unusable"};
    for (const auto& item : people->get_array()) {
        const auto* object = item.if_object();
        const auto* label = object ? object->if_contains("label") : nullptr;
        if (label && label->is_string()) state.called.emplace_back(label->get_string());
    }
    return participants.outcome;
}

}  // namespace samtal
