#include "adapters/telephony/twilio/twilio_conference.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <regex>

#include "adapters/delivery/curl_call.hpp"

namespace samtal {
namespace {

// A participant, an error or a page of conferences is a few kilobytes: stop reading far
// beyond that.
constexpr std::size_t k_max_answer_bytes = 64 * 1024;
// How long each phone rings before Twilio gives up on it (Twilio allows 5 to 600).
constexpr int k_ring_seconds = 60;

std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
    auto& body = *static_cast<std::string*>(target);
    if (body.size() + size * count > k_max_answer_bytes) return 0;
    body.append(data, size * count);
    return size * count;
}

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

twilio_conference::answer twilio_conference::exchange(const std::string& path,
                                                      const std::string& form) {
    answer result;
    curl_call transfer(account_.timeout, account_.verify_tls, outgoing_);
    auto* curl = transfer.handle();
    if (!curl) {
        result.outcome = {delivery_status::retry_later, "no curl handle", ""};
        return result;
    }
    auto url =
        account_.api_url + "/2010-04-01/Accounts/" + url_encoded(account_.account_sid) + path;
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        &curl_slist_free_all);
    headers.reset(curl_slist_append(headers.release(), "Accept: application/json"));
    if (!form.empty()) {
        headers.reset(curl_slist_append(headers.release(),
                                        "Content-Type: application/x-www-form-urlencoded"));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(form.size()));
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
    curl_easy_setopt(curl, CURLOPT_USERNAME, account_.account_sid.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, account_.auth_token.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    auto code = transfer.perform();
    if (code != CURLE_OK) {
        result.outcome = transfer.failure(code);
        return result;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    auto outcome = http_outcome(status);
    result.outcome = {outcome,
                      outcome == delivery_status::delivered
                          ? ""
                          : "telephony provider answered " + std::to_string(status) +
                                twilio_error_code(result.body),
                      ""};
    return result;
}

delivery_result twilio_conference::dial(const conference_dial& dial) {
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
        return {delivery_status::failed_permanently, "telephony provider answer unusable", ""};
    return answer.outcome;
}

delivery_result twilio_conference::look_up(const std::string& conference, conference_state& state) {
    state = {};
    auto listed = exchange("/Conferences.json?FriendlyName=" + url_encoded(conference), "");
    if (listed.outcome.status != delivery_status::delivered) return listed.outcome;
    boost::json::value json;
    const auto* page = json_object(listed.body, json);
    const auto* conferences = page ? page->if_contains("conferences") : nullptr;
    if (!conferences || !conferences->is_array())
        return {delivery_status::retry_later, "telephony provider answer unusable", ""};
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
        return {delivery_status::retry_later, "telephony provider answer unusable", ""};
    for (const auto& item : people->get_array()) {
        const auto* object = item.if_object();
        const auto* label = object ? object->if_contains("label") : nullptr;
        if (label && label->is_string()) state.called.emplace_back(label->get_string());
    }
    return participants.outcome;
}

}  // namespace samtal
