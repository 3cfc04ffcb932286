#include "service/config/signin_reader.hpp"

#include <algorithm>

#include "service/config/value_readers.hpp"
#include "service/signin/provider_metadata.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_callback_path = "/staff/signin/callback";

// A URL of the provider or of samtal itself: https, or http on a loopback host for a demo.
std::string endpoint(const table_reader& reader, std::string_view key) {
    auto url = reader.string(key);
    if (!acceptable_endpoint(url, true))
        reader.fail(key, "expected an https URL (http only on a loopback address)");
    return url;
}

// A scope token as RFC 6749 §3.3 allows it: printable ASCII without space, '"' or '\'.
bool is_scope(std::string_view scope) {
    return std::all_of(scope.begin(), scope.end(),
                       [](char c) { return c > ' ' && c < 127 && c != '"' && c != '\\'; });
}

bool is_claim_name(std::string_view name) {
    return name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                      c == ':' || c == '-';
           });
}

oidc_config read_oidc(const table_reader& reader) {
    reader.refuse_unknown_keys({"issuer", "client_id", "client_secret_env", "client_authentication",
                                "redirect_uri", "scopes", "staff_claim", "clock_skew_seconds",
                                "provider_name", "verify_tls", "ca_file", "timeout_ms"});
    oidc_config oidc;
    oidc.issuer = endpoint(reader, "issuer");
    oidc.client_id = reader.string("client_id");
    oidc.client_secret = secret_from_environment(reader, "client_secret_env");
    if (oidc.client_secret.empty())
        reader.fail("client_secret_env", "missing (expected the variable holding the secret)");
    auto authentication = reader.string("client_authentication", "client_secret_basic");
    if (authentication == "client_secret_post")
        oidc.authentication = client_authentication::secret_post;
    else if (authentication != "client_secret_basic")
        reader.fail("client_authentication",
                    "expected \"client_secret_basic\" or \"client_secret_post\"");
    oidc.redirect_uri = endpoint(reader, "redirect_uri");
    if (!oidc.redirect_uri.ends_with(k_callback_path))
        reader.fail("redirect_uri", "expected samtal's callback, like https://samtal.example.org" +
                                        std::string(k_callback_path));
    if (reader.has("scopes")) oidc.scopes = reader.strings("scopes");
    if (std::find(oidc.scopes.begin(), oidc.scopes.end(), "openid") == oidc.scopes.end())
        reader.fail("scopes", "must include \"openid\"");
    for (const auto& scope : oidc.scopes)
        if (!is_scope(scope)) reader.fail("scopes", "\"" + scope + "\" is not a scope name");
    oidc.staff_claim = reader.string("staff_claim", "email");
    if (!is_claim_name(oidc.staff_claim))
        reader.fail("staff_claim", "expected a claim name, like email or preferred_username");
    oidc.clock_skew = std::chrono::seconds(reader.integer("clock_skew_seconds", 60, 0, 120));
    oidc.provider_name = reader.string("provider_name", "");
    oidc.verify_tls = reader.boolean("verify_tls", true);
    if (reader.has("ca_file")) oidc.ca_file = reader.readable_file("ca_file");
    oidc.timeout = std::chrono::milliseconds(reader.integer("timeout_ms", 10000, 100, 60000));
    return oidc;
}

}  // namespace

signin_config read_signin(const table_reader& reader) {
    reader.refuse_unknown_keys({"oidc"});
    signin_config signin;
    if (reader.has("oidc")) signin.oidc = read_oidc(reader.table("oidc"));
    return signin;
}

}  // namespace samtal
