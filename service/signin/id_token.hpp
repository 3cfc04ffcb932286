// An OpenID Connect ID token (a compact JWS) checked as OpenID Connect Core 1.0 §3.1.3.7 asks:
// the signature by one of the provider's keys, the issuer, the audience (and azp), the times
// with a bounded clock skew, and the nonce this sign-in sent.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "service/signin/jwk_set.hpp"
#include "service/signin/signin_refusal.hpp"

namespace samtal {

// A token split into its parts and decoded, not yet trusted.
struct jws_token {
    const jws_algorithm* algorithm = nullptr;
    std::string kid;
    std::string signing_input;  // "header.payload" as received
    std::string signature;
    boost::json::object claims;
};

// Refuses anything but three base64url parts with a JSON object header and payload, an
// algorithm samtal verifies (never none or HS*), no "crit" header and at most 16 KiB.
signin_result<jws_token> read_jws(std::string_view token);

struct id_token_expectations {
    std::string issuer;
    std::string client_id;
    std::string nonce;
    std::chrono::seconds allowed_skew{60};
    std::chrono::sys_seconds now;
};

// The token's claims once its signature verifies with `keys` and its claims meet `expected`.
signin_result<boost::json::object> verify_id_token(const jws_token& token, const jwk_set& keys,
                                                   const id_token_expectations& expected);

}  // namespace samtal
