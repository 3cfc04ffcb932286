#include "adapters/telephony/twilio/twilio_messages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <regex>

namespace samtal {
namespace {

// A message resource or an error is a few kilobytes: stop reading far beyond that.
constexpr std::size_t k_max_answer_bytes = 64 * 1024;

// Twilio's error answer: {"code": 21211, "message": ..., "more_info": ..., "status": 400}.
// Only the code is kept: the message may repeat the number.
std::string twilio_error_code(const boost::json::object* error) {
    const auto* code = error ? error->if_contains("code") : nullptr;
    if (!code || !code->is_int64()) return "";
    return " (Twilio error " + std::to_string(code->get_int64()) + ")";
}

}  // namespace

text_message_result twilio_messages::send(const text_message& message) {
    std::string form;
    auto add = [&form](std::string_view name, std::string_view value) {
        form += (form.empty() ? "" : "&") + std::string(name) + "=" + url_encoded(value);
    };
    add("To", message.to);
    if (account_.messaging_service_sid.empty())
        add("From", account_.from);
    else
        add("MessagingServiceSid", account_.messaging_service_sid);
    add("Body", message.body);

    curl_call transfer(account_.timeout, account_.verify_tls, outgoing_);
    auto answer = json_exchange(
        transfer, {.method = "POST",
                   .url = account_.api_url + "/2010-04-01/Accounts/" +
                          url_encoded(account_.account_sid) + "/Messages.json",
                   .body = form,
                   .content_type = "application/x-www-form-urlencoded",
                   .credentials = basic_credentials{account_.account_sid, account_.auth_token},
                   .answer_limit = k_max_answer_bytes,
                   .party = "telephony provider"});
    text_message_result result{answer.outcome, "", false};

    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    if (answer.status == 0) {
        // No answer. Whether the request got out: libcurl counts the bytes of the request it
        // sent, none when it never connected.
        long sent = 0;
        if (transfer.handle() &&
            curl_easy_getinfo(transfer.handle(), CURLINFO_REQUEST_SIZE, &sent) == CURLE_OK)
            result.may_have_been_sent = sent > 0;
        return result;
    }
    if (result.outcome.status != delivery_status::delivered) {
        result.outcome.reason += twilio_error_code(object);
        return result;
    }
    // Twilio took it: its SID ("SM" or "MM" and 32 hex digits) is the record that it did.
    static const std::regex message_sid("(SM|MM)[0-9a-fA-F]{32}");
    const auto* sid = object ? object->if_contains("sid") : nullptr;
    if (sid && sid->is_string() && std::regex_match(std::string(sid->get_string()), message_sid)) {
        result.provider_id = sid->get_string();
        return result;
    }
    // Taken, but the answer makes no sense: sending again might send it twice.
    result.outcome = {delivery_status::failed_permanently, "telephony provider answer unusable"};
    result.may_have_been_sent = true;
    return result;
}

}  // namespace samtal
