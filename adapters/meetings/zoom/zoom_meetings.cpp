#include "adapters/meetings/zoom/zoom_meetings.hpp"

#include <openssl/rand.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "adapters/meetings/registry.hpp"

namespace samtal {
namespace {

// Zoom passcodes: at most 10 characters; letters and digits are accepted by every account's
// passcode rules.
std::string new_passcode() {
    static constexpr char symbols[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char random[10];
    RAND_bytes(random, sizeof random);
    std::string passcode;
    for (auto byte : random) passcode += symbols[byte % (sizeof symbols - 1)];
    return passcode;
}

boost::json::object schedule(const meeting_times& times) {
    return {{"start_time", format_utc(sys_seconds{times.start}, "%Y-%m-%dT%H:%M:%SZ")},
            {"duration", (times.end - times.start).count()},
            {"timezone", "UTC"}};
}

}  // namespace

provider_client::token_request zoom_meetings::how_to_get_a_token() const {
    return {settings_.token_url +
                "?grant_type=account_credentials&account_id=" + url_encoded(settings_.account_id),
            "", true};
}

outside_call_result zoom_meetings::create(const meeting_times& times, hosted_meeting& created) {
    auto request = schedule(times);
    request["topic"] = times.subject;
    request["type"] = 2;  // a scheduled meeting
    request["password"] = new_passcode();
    request["settings"] = {{"waiting_room", true},     {"join_before_host", false},
                           {"approval_type", 2},       {"meeting_authentication", false},
                           {"auto_recording", "none"}, {"mute_upon_entry", false},
                           {"private_meeting", true}};
    auto answer = call("POST", "/users/" + url_encoded(settings_.user_id) + "/meetings",
                       boost::json::serialize(request));
    if (answer.outcome.status != delivery_status::delivered) return answer.outcome;
    // The answer is from outside: the id must be a meeting id and the join link a Zoom meeting
    // link by the same rules as a parent's. start_url (the host's) is never read.
    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    const auto* id = object ? object->if_contains("id") : nullptr;
    const auto* join_url = object ? object->if_contains("join_url") : nullptr;
    if (!id || !id->is_int64() || id->get_int64() <= 0 || !join_url || !join_url->is_string())
        return {delivery_status::failed_permanently, "meeting provider answer unusable"};
    auto link = check_meeting_link("zoom", std::string_view(join_url->get_string()));
    if (!link.link || link.personal_room)
        return {delivery_status::failed_permanently, "meeting provider gave an unusable link"};
    created = {std::to_string(id->get_int64()), *link.link};
    return answer.outcome;
}

outside_call_result zoom_meetings::move(const std::string& id, const meeting_times& times) {
    return call("PATCH", "/meetings/" + url_encoded(id), boost::json::serialize(schedule(times)))
        .outcome;
}

outside_call_result zoom_meetings::remove(const std::string& id) {
    auto answer = call("DELETE", "/meetings/" + url_encoded(id), "");
    if (answer.status == 404) return {delivery_status::delivered, ""};
    return answer.outcome;
}

}  // namespace samtal
