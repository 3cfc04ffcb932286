#include "adapters/meetings/provider_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "adapters/outgoing_http/curl_call.hpp"

namespace samtal {
namespace {

// Answers larger than this are not a meeting or a token: stop reading.
constexpr std::size_t k_max_answer_bytes = 256 * 1024;

// A token goes into a header: printable ASCII without spaces only.
bool usable_token(std::string_view token) {
    return !token.empty() && token.size() <= 8192 &&
           std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 127; });
}

}  // namespace

json_answer provider_client::exchange(const std::string& method, const std::string& url,
                                      const std::string& body, const std::string& content_type,
                                      api_credentials credentials) {
    curl_call transfer(settings_.timeout, settings_.verify_tls, outgoing_);
    return json_exchange(transfer, {.method = method,
                                    .url = url,
                                    .body = body,
                                    .content_type = content_type,
                                    .credentials = std::move(credentials),
                                    .answer_limit = k_max_answer_bytes,
                                    .party = "meeting provider"});
}

std::optional<std::string> provider_client::access_token(outside_call_result& failure) {
    std::lock_guard lock(mutex_);
    if (!token_.empty() && std::chrono::steady_clock::now() < token_expires_) return token_;
    auto request = how_to_get_a_token();
    auto answer = exchange("POST", request.url, request.form, "application/x-www-form-urlencoded",
                           request.basic_auth ? api_credentials{basic_credentials{
                                                    settings_.client_id, settings_.client_secret}}
                                              : api_credentials{});
    if (answer.outcome.status != delivery_status::delivered) {
        // Refused credentials are for an operator to fix: they show as a delivery problem.
        failure = answer.outcome;
        failure.reason = "token request: " + failure.reason;
        return std::nullopt;
    }
    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    const auto* token = object ? object->if_contains("access_token") : nullptr;
    const auto* expires_in = object ? object->if_contains("expires_in") : nullptr;
    if (!token || !token->is_string() || !usable_token(token->get_string()) || !expires_in ||
        !expires_in->is_int64() || expires_in->get_int64() < 1 ||
        expires_in->get_int64() > 24 * 3600) {
        failure = {delivery_status::retry_later, "token answer unusable"};
        return std::nullopt;
    }
    // Renew a minute early (or halfway, for short-lived tokens), so a token never expires
    // between here and the provider.
    auto lifetime = std::chrono::seconds(expires_in->get_int64());
    token_ = std::string(token->get_string());
    token_expires_ = std::chrono::steady_clock::now() +
                     std::max(lifetime / 2, lifetime - std::chrono::minutes(1));
    return token_;
}

json_answer provider_client::call(const std::string& method, const std::string& path,
                                  const std::string& json_body) {
    for (int attempt = 0;; ++attempt) {
        json_answer answer;
        auto token = access_token(answer.outcome);
        if (!token) return answer;
        answer = exchange(method, settings_.api_url + path, json_body, "application/json",
                          bearer_credentials{*token});
        // A token revoked or expired early: fetch a new one, once.
        if (answer.status != 401 || attempt > 0) return answer;
        std::lock_guard lock(mutex_);
        token_.clear();
    }
}

}  // namespace samtal
