#include "service/signin/id_token.hpp"

#include <openssl/crypto.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "service/signin/base64url.hpp"

namespace samtal {
namespace {

// Far larger than any ID token with a name and an address in it.
constexpr std::size_t k_max_token_bytes = 16 * 1024;

signin_failure refused(signin_refusal reason, std::string text) {
    return {reason, std::move(text)};
}

std::optional<boost::json::object> json_part(std::string_view part) {
    auto decoded = base64url_decode(part);
    if (!decoded) return std::nullopt;
    boost::system::error_code ec;
    auto value = boost::json::parse(*decoded, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.get_object());
}

std::optional<std::string_view> string_claim(const boost::json::object& claims,
                                             std::string_view name) {
    const auto* value = claims.if_contains(name);
    if (!value || !value->is_string()) return std::nullopt;
    return std::string_view(value->get_string());
}

// A NumericDate (seconds since the epoch, RFC 7519 §2); nullopt when absent or not a number.
std::optional<std::chrono::sys_seconds> time_claim(const boost::json::object& claims,
                                                   std::string_view name) {
    const auto* value = claims.if_contains(name);
    if (!value || !value->is_number()) return std::nullopt;
    boost::system::error_code ec;
    auto seconds = value->to_number<double>(ec);
    // Beyond year 9999 or before 1970 is no time a token is valid at.
    if (ec || !(seconds >= 0 && seconds < 253402300800.0)) return std::nullopt;
    return std::chrono::sys_seconds(std::chrono::seconds(static_cast<std::int64_t>(seconds)));
}

bool same_secret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

signin_result<void> check_audience(const boost::json::object& claims,
                                   const std::string& client_id) {
    const auto* aud = claims.if_contains("aud");
    bool named = false;
    std::size_t audiences = 0;
    if (aud && aud->is_string()) {
        named = aud->get_string() == client_id;
        audiences = 1;
    } else if (aud && aud->is_array()) {
        for (const auto& entry : aud->get_array()) {
            if (!entry.is_string())
                return refused(signin_refusal::audience_wrong, "aud holds a non-string");
            named = named || entry.get_string() == client_id;
            ++audiences;
        }
    }
    if (!named) return refused(signin_refusal::audience_wrong, "aud does not name this client");
    // A token for several audiences must say which of them it was issued to (Core §3.1.3.7).
    auto azp = string_claim(claims, "azp");
    if (audiences > 1 && !azp)
        return refused(signin_refusal::audience_wrong, "aud names several clients and no azp");
    if (claims.contains("azp") && azp != client_id)
        return refused(signin_refusal::audience_wrong, "azp names another client");
    return {};
}

signin_result<void> check_times(const boost::json::object& claims,
                                const id_token_expectations& expected) {
    auto exp = time_claim(claims, "exp");
    auto iat = time_claim(claims, "iat");
    if (!exp) return refused(signin_refusal::token_malformed, "exp is missing or not a time");
    if (!iat) return refused(signin_refusal::token_malformed, "iat is missing or not a time");
    if (expected.now >= *exp + expected.allowed_skew)
        return refused(signin_refusal::expired, "the token has expired");
    if (*iat > expected.now + expected.allowed_skew)
        return refused(signin_refusal::not_yet_valid, "the token is issued in the future");
    if (claims.contains("nbf")) {
        auto nbf = time_claim(claims, "nbf");
        if (!nbf) return refused(signin_refusal::token_malformed, "nbf is not a time");
        if (*nbf > expected.now + expected.allowed_skew)
            return refused(signin_refusal::not_yet_valid, "the token is not valid yet (nbf)");
    }
    return {};
}

}  // namespace

signin_result<jws_token> read_jws(std::string_view token) {
    if (token.size() > k_max_token_bytes)
        return refused(signin_refusal::token_malformed, "the ID token is too long");
    auto first = token.find('.');
    auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return refused(signin_refusal::token_malformed, "the ID token is not a compact JWS");
    auto header = json_part(token.substr(0, first));
    auto claims = json_part(token.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(token.substr(second + 1));
    if (!header || !claims || !signature)
        return refused(signin_refusal::token_malformed,
                       "the ID token's parts are not base64url JSON");
    auto alg = string_claim(*header, "alg");
    if (!alg) return refused(signin_refusal::token_malformed, "the ID token names no algorithm");
    jws_token result;
    result.algorithm = find_jws_algorithm(*alg);
    if (!result.algorithm)
        return refused(signin_refusal::algorithm_refused,
                       "the ID token's algorithm is not one samtal verifies");
    // Extensions we do not understand but must honour: refuse rather than ignore them.
    if (header->contains("crit"))
        return refused(signin_refusal::token_malformed, "the ID token has critical extensions");
    if (header->contains("kid")) {
        auto kid = string_claim(*header, "kid");
        if (!kid)
            return refused(signin_refusal::token_malformed, "the ID token's kid is no string");
        result.kid = std::string(*kid);
    }
    result.signing_input = std::string(token.substr(0, second));
    result.signature = std::move(*signature);
    result.claims = std::move(*claims);
    return result;
}

signin_result<boost::json::object> verify_id_token(const jws_token& token, const jwk_set& keys,
                                                   const id_token_expectations& expected) {
    const auto* key = keys.find(token.kid, *token.algorithm);
    if (!key)
        return refused(signin_refusal::key_unknown,
                       "no key of the provider fits the ID token's kid and algorithm");
    if (!verify_jws_signature(*token.algorithm, *key, token.signing_input, token.signature))
        return refused(signin_refusal::signature_invalid,
                       "the ID token's signature does not verify");
    const auto& claims = token.claims;
    if (string_claim(claims, "iss") != expected.issuer)
        return refused(signin_refusal::issuer_wrong, "iss is not the configured issuer");
    if (auto audience = check_audience(claims, expected.client_id); !audience)
        return audience.error();
    if (auto times = check_times(claims, expected); !times) return times.error();
    auto nonce = string_claim(claims, "nonce");
    if (!nonce) return refused(signin_refusal::nonce_missing, "the ID token carries no nonce");
    if (expected.nonce.empty() || !same_secret(*nonce, expected.nonce))
        return refused(signin_refusal::nonce_wrong, "the ID token's nonce is not this sign-in's");
    auto sub = string_claim(claims, "sub");
    if (!sub || sub->empty())
        return refused(signin_refusal::claim_missing, "the ID token names no subject (sub)");
    return claims;
}

}  // namespace samtal
