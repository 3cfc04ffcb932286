#include "service/signin/oidc_client.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url.hpp>

#include "adapters/outgoing_http/curl_call.hpp"
#include "service/privacy/secret_key.hpp"
#include "service/signin/base64url.hpp"
#include "service/signin/id_token.hpp"

namespace samtal {
namespace {

// A discovery document, key set or token answer is a few kilobytes.
constexpr std::size_t k_max_answer_bytes = 256 * 1024;
// Providers change their endpoints rarely; a restart or a day picks the change up.
constexpr auto k_metadata_lifetime = std::chrono::hours(24);
// 32 bytes: 256 bits for state and nonce; a 43-character PKCE verifier (RFC 7636 §4.1).
constexpr std::size_t k_secret_bytes = 32;

signin_failure refused(signin_refusal reason, std::string text) {
    return {reason, std::move(text)};
}

// An OAuth error code for the log, only when it looks like one (never free text from outside).
std::string error_code(std::string_view text) {
    bool plain = !text.empty() && text.size() <= 64 &&
                 std::all_of(text.begin(), text.end(),
                             [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    return plain ? std::string(text) : "an unrecognised error";
}

std::string sha256(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), size);
}

}  // namespace

signin_result<signin_callback> read_signin_callback(std::string_view query) {
    // Boost.URL 1.81's parse_query reads to a terminating NUL (ASan found it reading past the
    // end of a request target), so it gets a string of its own.
    const std::string terminated(query);
    auto encoded = boost::urls::parse_query(terminated);
    if (!encoded) return refused(signin_refusal::callback_malformed, "the query is not valid");
    signin_callback callback;
    for (auto param : boost::urls::params_view(*encoded)) {
        std::string* target = param.key == "code"    ? &callback.code
                              : param.key == "state" ? &callback.state
                              : param.key == "error" ? &callback.error
                              : param.key == "iss"   ? &callback.iss
                                                     : nullptr;
        if (!target) continue;
        // Two values for one name: which one a check saw and which one was used could differ.
        if (!target->empty())
            return refused(signin_refusal::callback_malformed, "a parameter is given twice");
        *target = param.value;
    }
    return callback;
}

oidc_client::oidc_client(oidc_config settings, const outgoing_config& outgoing, clock now,
                         secret_bytes random)
    : settings_(std::move(settings)),
      outgoing_(outgoing),
      now_(now),
      random_(random ? std::move(random) : secret_bytes(&random_bytes)),
      keys_(std::move(now)) {}

signin_result<std::string> oidc_client::fetch(const std::string& url, std::string_view what) {
    curl_call transfer(settings_.timeout, settings_.verify_tls, outgoing_);
    transfer.trust(settings_.ca_file);
    auto answer = json_exchange(transfer, {.method = "GET",
                                           .url = url,
                                           .answer_limit = k_max_answer_bytes,
                                           .party = "the OpenID provider"});
    if (answer.outcome.status != delivery_status::delivered)
        return refused(signin_refusal::provider_unavailable,
                       std::string(what) + ": " + answer.outcome.reason);
    return std::move(answer.body);
}

signin_result<provider_metadata> oidc_client::metadata() {
    std::lock_guard lock(mutex_);
    if (metadata_ && now_() - metadata_fetched_ < k_metadata_lifetime) return *metadata_;
    auto document = fetch(discovery_url(settings_.issuer), "discovery");
    if (!document) return document.error();
    auto read = read_provider_metadata(*document, settings_.issuer);
    if (!read) return read.error();
    metadata_ = *read;
    metadata_fetched_ = now_();
    return *read;
}

signin_result<authorization_request> oidc_client::begin(std::string_view login_hint) {
    auto provider = metadata();
    if (!provider) return provider.error();
    auto secret = [&] {
        unsigned char bytes[k_secret_bytes];
        random_(bytes, sizeof bytes);
        return base64url_encode(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
    };
    authorization_request request;
    request.pending = {secret(), secret(), secret(), now_()};
    std::string scope;
    for (const auto& name : settings_.scopes) scope += (scope.empty() ? "" : " ") + name;
    // The endpoint may carry parameters of its own (Azure AD B2C's policy): add to them.
    boost::urls::url url(provider->authorization_endpoint);
    auto params = url.params();
    params.append({"response_type", "code"});
    params.append({"client_id", settings_.client_id});
    params.append({"redirect_uri", settings_.redirect_uri});
    params.append({"scope", scope});
    params.append({"state", request.pending.state});
    params.append({"nonce", request.pending.nonce});
    params.append({"code_challenge", base64url_encode(sha256(request.pending.code_verifier))});
    params.append({"code_challenge_method", "S256"});
    if (!login_hint.empty()) params.append({"login_hint", login_hint});
    request.url = std::string(url.buffer());
    return request;
}

signin_result<std::string> oidc_client::exchange_code(const provider_metadata& provider,
                                                      const std::string& code,
                                                      const pending_signin& signin) {
    std::string form = "grant_type=authorization_code&code=" + url_encoded(code) +
                       "&redirect_uri=" + url_encoded(settings_.redirect_uri) +
                       "&code_verifier=" + url_encoded(signin.code_verifier);
    std::vector<std::string> headers;
    if (settings_.authentication == client_authentication::secret_post) {
        form += "&client_id=" + url_encoded(settings_.client_id) +
                "&client_secret=" + url_encoded(settings_.client_secret);
    } else {
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and encoded.
        headers.push_back("Authorization: Basic " +
                          base64_encode(url_encoded(settings_.client_id) + ":" +
                                        url_encoded(settings_.client_secret)));
    }
    curl_call transfer(settings_.timeout, settings_.verify_tls, outgoing_);
    transfer.trust(settings_.ca_file);
    auto answer = json_exchange(transfer, {.method = "POST",
                                           .url = provider.token_endpoint,
                                           .body = form,
                                           .content_type = "application/x-www-form-urlencoded",
                                           .headers = headers,
                                           .answer_limit = k_max_answer_bytes,
                                           .party = "the token endpoint"});
    boost::system::error_code ec;
    auto json = boost::json::parse(answer.body, ec);
    const auto* object = ec ? nullptr : json.if_object();
    if (answer.outcome.status == delivery_status::failed_permanently && answer.status != 0) {
        const auto* error = object ? object->if_contains("error") : nullptr;
        return refused(signin_refusal::provider_refused,
                       "the token endpoint refused the code: " +
                           error_code(error && error->is_string() ? error->get_string() : ""));
    }
    if (answer.outcome.status != delivery_status::delivered)
        return refused(signin_refusal::provider_unavailable, "token: " + answer.outcome.reason);
    const auto* id_token = object ? object->if_contains("id_token") : nullptr;
    if (!id_token || !id_token->is_string())
        return refused(signin_refusal::provider_misconfigured,
                       "the token endpoint's answer holds no ID token");
    return std::string(id_token->get_string());
}

signin_result<staff_signin> oidc_client::to_staff(boost::json::object claims,
                                                  const staff_lookup& lookup) {
    const auto* value = claims.if_contains(settings_.staff_claim);
    if (!value || !value->is_string() || value->get_string().empty())
        return refused(signin_refusal::claim_missing,
                       "the ID token has no " + settings_.staff_claim + " claim");
    // Anyone can put any address into a profile at some providers: only a verified one names
    // a person.
    if (settings_.staff_claim == "email") {
        const auto* verified = claims.if_contains("email_verified");
        if (!verified || !verified->is_bool() || !verified->get_bool())
            return refused(signin_refusal::claim_missing,
                           "the ID token's email is not marked email_verified");
    }
    staff_signin signin;
    signin.claim_value = std::string(value->get_string());
    auto account = lookup(signin.claim_value);
    if (!account)
        return refused(signin_refusal::no_staff_account,
                       "the person's " + settings_.staff_claim + " names no staff account");
    signin.account = std::move(*account);
    signin.subject = std::string(claims.at("sub").get_string());
    signin.claims = std::move(claims);
    return signin;
}

signin_result<staff_signin> oidc_client::finish(const signin_callback& callback,
                                                pending_signins& pending,
                                                const staff_lookup& lookup) {
    if (callback.state.empty())
        return refused(signin_refusal::callback_malformed, "the callback carries no state");
    // Taken before anything else is checked, so that whatever follows, this state is spent.
    auto signin = pending.take(callback.state);
    if (!signin)
        return refused(signin_refusal::state_unknown,
                       "no pending sign-in has this state (replayed, expired or forged)");
    if (!callback.error.empty())
        return refused(signin_refusal::provider_refused,
                       "the provider answered " + error_code(callback.error));
    // A callback from another provider that the browser was sent to (a mix-up attack).
    if (!callback.iss.empty() && callback.iss != settings_.issuer)
        return refused(signin_refusal::callback_malformed,
                       "the callback's iss is not the configured issuer");
    if (callback.code.empty())
        return refused(signin_refusal::callback_malformed, "the callback carries no code");
    auto provider = metadata();
    if (!provider) return provider.error();
    auto id_token = exchange_code(*provider, callback.code, *signin);
    if (!id_token) return id_token.error();
    auto token = read_jws(*id_token);
    if (!token) return token.error();
    auto keys = keys_.keys_for(*token, [&] { return fetch(provider->jwks_uri, "keys"); });
    if (!keys) return keys.error();
    auto claims = verify_id_token(*token, **keys,
                                  {.issuer = settings_.issuer,
                                   .client_id = settings_.client_id,
                                   .nonce = signin->nonce,
                                   .allowed_skew = settings_.clock_skew,
                                   .now = now_in_seconds(now_)});
    if (!claims) return claims.error();
    return to_staff(std::move(*claims), lookup);
}

}  // namespace samtal
