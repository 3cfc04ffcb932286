// Why a staff sign-in through an OpenID provider was refused: one reason a sign-in page can
// word and an operator can act on, and a short text for the log. Neither ever holds a token,
// a code or a claim about the person: only which check failed.
#pragma once

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace samtal {

enum class signin_refusal {
    provider_unavailable,    // discovery, keys or token endpoint unreachable or answering 5xx
    provider_misconfigured,  // its discovery document or keys are unusable, or its issuer differs
    provider_refused,        // the callback carries error=..., or the token endpoint says 4xx
    callback_malformed,      // no code, no state, or an iss that is not the issuer (mix-up)
    state_unknown,           // no pending sign-in for this state: replayed, expired or forged
    token_malformed,         // not a compact JWS with JSON header and claims
    algorithm_refused,       // none, HS*, or anything not on the list of signatures we check
    key_unknown,             // no key of the provider's set has the token's kid and algorithm
    signature_invalid,       // the signature does not verify with the provider's key
    issuer_wrong,            // iss is not the configured issuer
    audience_wrong,          // aud does not name this client, or azp names another
    expired,                 // exp is past, beyond the allowed clock skew
    not_yet_valid,           // iat or nbf is in the future, beyond the allowed clock skew
    nonce_missing,           // the token carries no nonce
    nonce_wrong,             // the token's nonce is not the one this sign-in sent
    claim_missing,           // no subject, or no (verified) value of the configured staff claim
    no_staff_account,        // the person is not one of the unit's staff
};

// "nonce_missing" and so on: stable names for logs, metrics and tests.
std::string_view name(signin_refusal reason);

struct signin_failure {
    signin_refusal reason;
    std::string text;  // which check failed, for the log: never token contents or claims
};

// A sign-in step's result: the value, or why it was refused.
template <typename T>
using signin_result = boost::system::result<T, signin_failure>;

// Reading the value of a refused result is a programmer's error.
[[noreturn]] inline void throw_exception_from_error(const signin_failure& failure,
                                                    const boost::source_location&) {
    throw std::logic_error("sign-in refused (" + std::string(name(failure.reason)) +
                           "): " + failure.text);
}

}  // namespace samtal
