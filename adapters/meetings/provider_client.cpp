#include "adapters/meetings/provider_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "adapters/delivery/curl_call.hpp"

namespace samtal {
namespace {

// Answers larger than this are not a meeting or a token: stop reading.
constexpr std::size_t k_max_answer_bytes = 256 * 1024;

std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
    auto& body = *static_cast<std::string*>(target);
    if (body.size() + size * count > k_max_answer_bytes) return 0;
    body.append(data, size * count);
    return size * count;
}

// A token goes into a header: printable ASCII without spaces only.
bool usable_token(std::string_view token) {
    return !token.empty() && token.size() <= 8192 &&
           std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 127; });
}

}  // namespace

provider_answer provider_client::exchange(const std::string& method, const std::string& url,
                                          const std::string& body, const std::string& content_type,
                                          const std::string& bearer, bool basic_auth) {
    provider_answer answer;
    curl_call transfer(settings_.timeout, settings_.verify_tls, outgoing_);
    auto* curl = transfer.handle();
    if (!curl) {
        answer.outcome = {delivery_status::retry_later, "no curl handle", ""};
        return answer;
    }
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                        &curl_slist_free_all);
    auto add_header = [&](const std::string& line) {
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    add_header("Accept: application/json");
    if (!content_type.empty()) add_header("Content-Type: " + content_type);
    if (!bearer.empty()) add_header("Authorization: Bearer " + bearer);
    if (basic_auth) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.client_id.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.client_secret.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method != "GET" && method != "DELETE") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    auto code = transfer.perform();
    if (code != CURLE_OK) {
        answer.outcome = transfer.failure(code);
        return answer;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    auto status = http_outcome(answer.status);
    answer.outcome = {status,
                      status == delivery_status::delivered
                          ? ""
                          : "meeting provider answered " + std::to_string(answer.status),
                      ""};
    return answer;
}

std::optional<std::string> provider_client::access_token(delivery_result& failure) {
    std::lock_guard lock(mutex_);
    if (!token_.empty() && std::chrono::steady_clock::now() < token_expires_) return token_;
    auto request = how_to_get_a_token();
    auto answer = exchange("POST", request.url, request.form,
                           request.form.empty() ? "" : "application/x-www-form-urlencoded", "",
                           request.basic_auth);
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
        failure = {delivery_status::retry_later, "token answer unusable", ""};
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

provider_answer provider_client::call(const std::string& method, const std::string& path,
                                      const std::string& json_body) {
    for (int attempt = 0;; ++attempt) {
        provider_answer answer;
        auto token = access_token(answer.outcome);
        if (!token) return answer;
        answer = exchange(method, settings_.api_url + path, json_body,
                          json_body.empty() ? "" : "application/json", *token, false);
        // A token revoked or expired early: fetch a new one, once.
        if (answer.status != 401 || attempt > 0) return answer;
        std::lock_guard lock(mutex_);
        token_.clear();
    }
}

}  // namespace samtal
