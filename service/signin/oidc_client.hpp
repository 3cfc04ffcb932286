// Staff sign-in through the municipality's OpenID provider: the authorization code flow with
// PKCE (S256), state and nonce (OpenID Connect Core 1.0 §3.1). begin() sends the browser to the
// provider; finish() takes the callback, exchanges the code, checks the ID token and maps the
// person to a staff account. Both block on the provider (libcurl, bounded by the configured
// timeout): call them off the I/O threads.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/clock.hpp"
#include "service/signin/key_cache.hpp"
#include "service/signin/oidc_config.hpp"
#include "service/signin/pending_signins.hpp"
#include "service/signin/provider_metadata.hpp"
#include "service/signin/signin_refusal.hpp"

namespace samtal {

// Fills a buffer with unpredictable bytes (OpenSSL's CSPRNG unless a test gives its own).
// Not core's random_source: state, nonce and verifier are secrets, not jitter.
using secret_bytes = std::function<void(unsigned char* out, std::size_t size)>;

// Where to send the browser, and what the callback will need: keep `pending` server-side
// (pending_signins) under its state, and bind it to the browser that started it.
struct authorization_request {
    std::string url;
    pending_signin pending;
};

// The query parameters of the provider's redirect to redirect_uri.
struct signin_callback {
    std::string code;
    std::string state;
    std::string error;  // an OAuth error code instead of a code: access_denied, ...
    std::string iss;    // RFC 9207: the issuer, when the provider says it
};

// Reads the callback's query (without '?'); a parameter given twice is refused.
signin_result<signin_callback> read_signin_callback(std::string_view query);

// The staff account that a value of the configured claim belongs to; nullopt for nobody.
using staff_lookup = std::function<std::optional<std::string>(std::string_view claim_value)>;

struct staff_signin {
    std::string account;         // what the lookup answered
    std::string subject;         // the provider's sub: stable for the person
    std::string claim_value;     // the staff claim's value the lookup was given
    boost::json::object claims;  // the ID token's verified claims
};

class oidc_client {
public:
    oidc_client(oidc_config settings, const outgoing_config& outgoing, clock now,
                secret_bytes random = {});

    // The provider's authorization URL with a new state, nonce and PKCE challenge. Fetches the
    // discovery document when none is cached. `login_hint` goes to the provider when not empty.
    signin_result<authorization_request> begin(std::string_view login_hint = {});

    // Completes the sign-in the callback belongs to, taking its pending entry from `pending`
    // (once: a replayed state finds nothing), and answers the person's staff account.
    signin_result<staff_signin> finish(const signin_callback& callback, pending_signins& pending,
                                       const staff_lookup& lookup);

    const oidc_config& settings() const { return settings_; }

private:
    signin_result<provider_metadata> metadata();
    signin_result<std::string> fetch(const std::string& url, std::string_view what);
    signin_result<std::string> exchange_code(const provider_metadata& provider,
                                             const std::string& code, const pending_signin& signin);
    signin_result<staff_signin> to_staff(boost::json::object claims, const staff_lookup& lookup);

    oidc_config settings_;
    const outgoing_config& outgoing_;
    clock now_;
    secret_bytes random_;
    key_cache keys_;
    std::mutex mutex_;
    std::optional<provider_metadata> metadata_;
    sys_milliseconds metadata_fetched_{};
};

}  // namespace samtal
