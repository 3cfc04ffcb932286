// How samtal signs staff in through the municipality's OpenID provider ([signin.oidc] in the
// config file, read by service/config/signin_reader.cpp).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace samtal {

// How the client proves itself at the token endpoint (OpenID Connect Core §9).
enum class client_authentication { secret_basic, secret_post };

struct oidc_config {
    std::string issuer;  // exactly as the provider's discovery document says it
    std::string client_id;
    std::string client_secret;  // from the environment variable client_secret_env names
    client_authentication authentication = client_authentication::secret_basic;
    std::string redirect_uri;  // https://<host>/staff/signin/callback
    std::vector<std::string> scopes{"openid", "email", "profile"};
    // The ID token claim whose value is a staff account's name at the provider: "email",
    // "preferred_username", "upn", ... An "email" counts only with email_verified true.
    std::string staff_claim = "email";
    std::chrono::seconds clock_skew{60};  // at most two minutes
    std::string provider_name;            // the sign-in button's label: "Sollentuna kommun"
    bool verify_tls = true;
    std::filesystem::path ca_file;  // a private CA for an in-house provider; empty: the system's
    std::chrono::milliseconds timeout{10000};
};

struct signin_config {
    std::optional<oidc_config> oidc;
};

}  // namespace samtal
