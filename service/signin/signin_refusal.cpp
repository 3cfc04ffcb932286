#include "service/signin/signin_refusal.hpp"

namespace samtal {

std::string_view name(signin_refusal reason) {
    switch (reason) {
        case signin_refusal::provider_unavailable:
            return "provider_unavailable";
        case signin_refusal::provider_misconfigured:
            return "provider_misconfigured";
        case signin_refusal::provider_refused:
            return "provider_refused";
        case signin_refusal::callback_malformed:
            return "callback_malformed";
        case signin_refusal::state_unknown:
            return "state_unknown";
        case signin_refusal::token_malformed:
            return "token_malformed";
        case signin_refusal::algorithm_refused:
            return "algorithm_refused";
        case signin_refusal::key_unknown:
            return "key_unknown";
        case signin_refusal::signature_invalid:
            return "signature_invalid";
        case signin_refusal::issuer_wrong:
            return "issuer_wrong";
        case signin_refusal::audience_wrong:
            return "audience_wrong";
        case signin_refusal::expired:
            return "expired";
        case signin_refusal::not_yet_valid:
            return "not_yet_valid";
        case signin_refusal::nonce_missing:
            return "nonce_missing";
        case signin_refusal::nonce_wrong:
            return "nonce_wrong";
        case signin_refusal::claim_missing:
            return "claim_missing";
        case signin_refusal::no_staff_account:
            return "no_staff_account";
    }
    return "unknown";
}

}  // namespace samtal
