#include "adapters/interpreters/http/http_agency.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "adapters/interpreters/http/callback_signature.hpp"
#include "adapters/outgoing_http/curl_call.hpp"

namespace samtal {
namespace {

// An agency's answer larger than this is not about one request: stop reading.
constexpr std::size_t k_max_answer_bytes = 64 * 1024;

std::string utc(sys_minutes at) { return format_utc(sys_seconds{at}, "%Y-%m-%dT%H:%M:%SZ"); }

// Ids and references from outside go into URLs, the database and staff's lists: short,
// printable, no spaces.
bool usable_text(std::string_view text, std::size_t longest) {
    return !text.empty() && text.size() <= longest &&
           std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 127; });
}

const boost::json::string* string_field(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value ? value->if_string() : nullptr;
}

}  // namespace

std::string agency_request_json(const agency_request& agency) {
    const auto& request = agency.request;
    boost::json::array modes;
    for (const auto& mode : request.modes) modes.emplace_back(mode);
    boost::json::object body{
        {"reference", request.reference()},
        {"sequence", request.sequence},
        {"unit", agency.unit_name},
        {"language", request.language},
        {"competence", boost::json::object{{"level", request.competence},
                                           {"required", request.competence_required}}},
        {"modes", std::move(modes)},
        {"start", utc(request.start)},
        {"end", utc(request.end)},
        {"answer_by", utc(request.answer_by)}};
    if (!request.dialect.empty()) body["dialect"] = request.dialect;
    if (!request.gender.empty()) body["gender"] = request.gender;
    if (!agency.join_link.empty())
        body["join"] = boost::json::object{{"link", agency.join_link},
                                           {"instructions", agency.join_instructions}};
    return boost::json::serialize(body);
}

std::optional<interpreter_answer> read_agency_answer(const boost::json::object& object) {
    const auto* status = string_field(object, "status");
    if (!status) return std::nullopt;
    interpreter_answer answer;
    if (*status == "requested") return answer;
    if (*status == "declined") {
        answer.status = interpreter_status::declined;
        return answer;
    }
    if (*status != "confirmed") return std::nullopt;
    answer.status = interpreter_status::confirmed;
    const auto* interpreter = object.if_contains("interpreter");
    const auto* details = interpreter ? interpreter->if_object() : nullptr;
    if (!details) return std::nullopt;
    const auto* reference = string_field(*details, "reference");
    const auto* joins_by = string_field(*details, "joins_by");
    if (!reference || !usable_text(*reference, 64) || !joins_by ||
        (*joins_by != "phone" && *joins_by != "video"))
        return std::nullopt;
    answer.interpreter_reference = std::string(*reference);
    answer.joins_by = std::string(*joins_by);
    if (answer.joins_by == "phone") {
        const auto* phone = string_field(*details, "phone");
        if (!phone || phone->empty() || phone->size() > 40) return std::nullopt;
        answer.phone = std::string(*phone);
    }
    return answer;
}

json_answer http_agency::call(const std::string& method, const std::string& path,
                              const std::string& body, const std::string& idempotency_key) {
    curl_call transfer(settings_.timeout, settings_.verify_tls, outgoing_);
    json_request request{.method = method,
                         .url = settings_.api_url + path,
                         .body = body,
                         .content_type = "application/json",
                         .credentials = bearer_credentials{settings_.api_key},
                         .answer_limit = k_max_answer_bytes,
                         .party = "interpreter agency"};
    if (!idempotency_key.empty()) request.headers.push_back("Idempotency-Key: " + idempotency_key);
    return json_exchange(transfer, request);
}

outside_call_result http_agency::send(const agency_request& request, std::string& agency_id) {
    const auto& known = request.request.agency_id;
    auto body = agency_request_json(request);
    if (!known.empty()) return call("PUT", "/requests/" + url_encoded(known), body).outcome;
    // A retry after an answer that never arrived must not order a second interpreter.
    auto created = call("POST", "/requests", body, request.request.reference());
    if (created.outcome.status != delivery_status::delivered) return created.outcome;
    boost::system::error_code ec;
    auto json = boost::json::parse(created.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    const auto* id = object ? string_field(*object, "id") : nullptr;
    if (!id || !usable_text(*id, 128))
        return {delivery_status::failed_permanently, "interpreter agency answer unusable"};
    agency_id = std::string(*id);
    return created.outcome;
}

outside_call_result http_agency::withdraw(const agency_request& request) {
    const auto& known = request.request.agency_id;
    // Never created at the agency: nothing to withdraw.
    if (known.empty()) return {delivery_status::delivered, ""};
    auto answer = call("DELETE", "/requests/" + url_encoded(known), "");
    if (answer.status == 404) return {delivery_status::delivered, ""};
    return answer.outcome;
}

std::optional<interpreter_answer> http_agency::status(const agency_request& request) {
    const auto& known = request.request.agency_id;
    if (known.empty()) return std::nullopt;
    auto answer = call("GET", "/requests/" + url_encoded(known), "");
    if (answer.outcome.status != delivery_status::delivered) return std::nullopt;
    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    if (!object) return std::nullopt;
    return read_agency_answer(*object);
}

agency_notice http_agency::read_callback(const agency_callback& callback, sys_seconds now) const {
    agency_notice notice;
    // Nothing is read from the body before its signature and timestamp are checked.
    if (check_callback(settings_.callback_secret, callback.timestamp, callback.signature,
                       callback.body, now) != callback_check::authentic)
        return notice;
    notice.read = agency_notice::reading::malformed;
    boost::system::error_code ec;
    auto json = boost::json::parse(callback.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    const auto* event_id = object ? string_field(*object, "event_id") : nullptr;
    const auto* reference = object ? string_field(*object, "reference") : nullptr;
    auto answer = event_id && reference ? read_agency_answer(*object) : std::nullopt;
    if (!answer) return notice;
    return {agency_notice::reading::answer, std::string(*event_id), std::string(*reference),
            *answer};
}

}  // namespace samtal
