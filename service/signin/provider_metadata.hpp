// What samtal needs from an OpenID provider's discovery document
// (<issuer>/.well-known/openid-configuration, OpenID Connect Discovery 1.0), checked before it
// is used: the issuer exactly as configured, and endpoints that are absolute https URLs.
#pragma once

#include <string>
#include <string_view>

#include "service/signin/signin_refusal.hpp"

namespace samtal {

struct provider_metadata {
    std::string issuer;
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
};

// Where the discovery document of `issuer` is (Discovery §4: a trailing '/' is dropped first).
std::string discovery_url(std::string_view issuer);

// Plain http is taken only from a provider on a loopback address (a test's or a demo's); the
// endpoints then may be http too, else each must be https. A provider that lists PKCE methods
// must list S256.
signin_result<provider_metadata> read_provider_metadata(std::string_view json,
                                                        const std::string& expected_issuer);

// Whether `url` is an absolute https URL, or http on a loopback host (127.0.0.0/8, ::1,
// localhost) when `allow_loopback_http`.
bool acceptable_endpoint(std::string_view url, bool allow_loopback_http);

}  // namespace samtal
