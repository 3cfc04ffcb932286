#include "service/signin/provider_metadata.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

namespace samtal {
namespace {

signin_failure misconfigured(std::string text) {
    return {signin_refusal::provider_misconfigured, std::move(text)};
}

bool loopback_host(const boost::urls::url_view& url) {
    if (url.host_type() == boost::urls::host_type::name) return url.host() == "localhost";
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(url.host_address(), ec);
    return !ec && address.is_loopback();
}

bool lists(const boost::json::object& document, std::string_view key, std::string_view value) {
    const auto* list = document.if_contains(key);
    if (!list || !list->is_array()) return false;
    for (const auto& entry : list->get_array())
        if (entry.is_string() && entry.get_string() == value) return true;
    return false;
}

}  // namespace

std::string discovery_url(std::string_view issuer) {
    if (issuer.ends_with('/')) issuer.remove_suffix(1);
    return std::string(issuer) + "/.well-known/openid-configuration";
}

bool acceptable_endpoint(std::string_view text, bool allow_loopback_http) {
    auto url = boost::urls::parse_absolute_uri(text);
    if (!url || !url->has_authority() || url->host().empty() || url->has_userinfo() ||
        url->has_fragment())
        return false;
    if (url->scheme_id() == boost::urls::scheme::https) return true;
    return allow_loopback_http && url->scheme_id() == boost::urls::scheme::http &&
           loopback_host(*url);
}

signin_result<provider_metadata> read_provider_metadata(std::string_view json,
                                                        const std::string& expected_issuer) {
    boost::system::error_code ec;
    auto value = boost::json::parse(json, ec);
    if (ec || !value.is_object())
        return misconfigured("the discovery document is not a JSON object");
    const auto& document = value.get_object();
    auto text = [&](std::string_view key) -> std::string {
        const auto* member = document.if_contains(key);
        return member && member->is_string() ? std::string(member->get_string()) : "";
    };
    provider_metadata metadata{text("issuer"), text("authorization_endpoint"),
                               text("token_endpoint"), text("jwks_uri")};
    // Anyone could serve a document naming a trusted issuer's endpoints: it must be the one
    // configured, character for character (Discovery §4.3).
    if (metadata.issuer != expected_issuer)
        return misconfigured("the discovery document's issuer is not the configured issuer");
    bool loopback_http =
        acceptable_endpoint(expected_issuer, true) && !acceptable_endpoint(expected_issuer, false);
    for (auto [key, url] : {std::pair{"authorization_endpoint", &metadata.authorization_endpoint},
                            std::pair{"token_endpoint", &metadata.token_endpoint},
                            std::pair{"jwks_uri", &metadata.jwks_uri}})
        if (!acceptable_endpoint(*url, loopback_http))
            return misconfigured(std::string("the discovery document's ") + key +
                                 " is missing or not an https URL");
    if (document.contains("code_challenge_methods_supported") &&
        !lists(document, "code_challenge_methods_supported", "S256"))
        return misconfigured("the provider does not offer PKCE with S256");
    if (document.contains("response_types_supported") &&
        !lists(document, "response_types_supported", "code"))
        return misconfigured("the provider does not offer the authorization code flow");
    return metadata;
}

}  // namespace samtal
