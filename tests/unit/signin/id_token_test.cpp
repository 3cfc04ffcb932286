// The ID token's checks on tokens made here with OpenSSL keys: a good token passes and each
// forged, misdirected, stale or unbound one is refused for its own reason, with no claims.
#include "service/signin/id_token.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "support/token_signer.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;
using testing::token_signer;

constexpr auto k_issuer = "https://idp.example.org/realms/sollentuna";
constexpr auto k_client = "samtal-staff";
constexpr auto k_nonce = "n-0S6_WzA2Mj";
const std::chrono::sys_seconds k_now{std::chrono::seconds(1'900'000'000)};

// Keys are slow to make under the sanitizers: once for the whole file.
const token_signer& provider_rsa() {
    static const token_signer signer("RSA", "rsa-1");
    return signer;
}
const token_signer& provider_ec() {
    static const token_signer signer("EC", "ec-1");
    return signer;
}
const token_signer& stranger_with_same_kid() {
    static const token_signer signer("RSA", "rsa-1");
    return signer;
}

boost::json::object good_claims() {
    auto now = k_now.time_since_epoch().count();
    return {{"iss", k_issuer},
            {"sub", "248289761001"},
            {"aud", k_client},
            {"nonce", k_nonce},
            {"iat", now - 5},
            {"exp", now + 300},
            {"email", "anna@example.org"},
            {"email_verified", true}};
}

signin_result<boost::json::object> check(const std::string& token) {
    static const auto keys =
        jwk_set::parse(testing::key_set({&provider_rsa(), &provider_ec()})).value();
    auto parts = read_jws(token);
    if (!parts) return parts.error();
    return verify_id_token(*parts, keys,
                           {.issuer = k_issuer,
                            .client_id = k_client,
                            .nonce = k_nonce,
                            .allowed_skew = 60s,
                            .now = k_now});
}

std::string with_claims(std::function<void(boost::json::object&)> change) {
    auto claims = good_claims();
    change(claims);
    return provider_rsa().sign(claims);
}

TEST(id_token, a_token_signed_by_the_provider_with_rs256_or_es256_yields_its_claims) {
    for (const auto* signer : {&provider_rsa(), &provider_ec()}) {
        SCOPED_TRACE(signer->algorithm());
        auto claims = check(signer->sign(good_claims()));
        ASSERT_TRUE(claims) << claims.error().text;
        EXPECT_EQ(claims->at("sub").as_string(), "248289761001");
        EXPECT_EQ(claims->at("email").as_string(), "anna@example.org");
    }
}

TEST(id_token, accepts_times_within_the_allowed_skew) {
    auto now = k_now.time_since_epoch().count();
    EXPECT_TRUE(check(with_claims([&](auto& c) { c["exp"] = now - 59; })));
    EXPECT_TRUE(check(with_claims([&](auto& c) { c["iat"] = now + 59; })));
    EXPECT_TRUE(check(with_claims([&](auto& c) { c["nbf"] = now + 59; })));
}

TEST(id_token, accepts_several_audiences_when_azp_names_this_client) {
    EXPECT_TRUE(check(with_claims([](auto& c) {
        c["aud"] = boost::json::array{k_client, "another-api"};
        c["azp"] = k_client;
    })));
}

struct refusal_case {
    std::string name;
    std::function<std::string()> token;
    signin_refusal reason;
};

std::string swap_payload(const std::string& token, const boost::json::object& claims) {
    auto first = token.find('.'), second = token.rfind('.');
    return token.substr(0, first + 1) + base64url_encode(boost::json::serialize(claims)) +
           token.substr(second);
}

TEST(id_token, refuses_each_forged_misdirected_stale_or_unbound_token_for_its_reason) {
    auto now = k_now.time_since_epoch().count();
    std::vector<refusal_case> cases{
        {"signed by another key under the provider's kid",
         [] { return stranger_with_same_kid().sign(good_claims()); },
         signin_refusal::signature_invalid},
        {"claims changed after signing",
         [] {
             auto claims = good_claims();
             claims["email"] = "mallory@example.org";
             return swap_payload(provider_rsa().sign(good_claims()), claims);
         },
         signin_refusal::signature_invalid},
        {"ES256 signature of the wrong length",
         [] {
             auto token = provider_ec().sign(good_claims());
             return token.substr(0, token.rfind('.') + 1) + base64url_encode(std::string(63, 'x'));
         },
         signin_refusal::signature_invalid},
        {"alg none without signature",
         [] {
             auto token = provider_rsa().sign(good_claims(), {{"alg", "none"}});
             return token.substr(0, token.rfind('.') + 1);
         },
         signin_refusal::algorithm_refused},
        {"HS256 (a public key used as a shared secret)",
         [] {
             return provider_rsa().sign(good_claims(), {{"alg", "HS256"}});
         },
         signin_refusal::algorithm_refused},
        {"a kid the provider's set lacks",
         [] {
             return provider_rsa().sign(good_claims(), {{"kid", "rsa-2"}});
         },
         signin_refusal::key_unknown},
        {"RS256 header on the EC key's kid",
         [] {
             return provider_rsa().sign(good_claims(), {{"kid", "ec-1"}});
         },
         signin_refusal::key_unknown},
        {"another issuer",
         [] { return with_claims([](auto& c) { c["iss"] = "https://idp.example.org/realms/x"; }); },
         signin_refusal::issuer_wrong},
        {"issuer with a trailing slash",
         [] { return with_claims([](auto& c) { c["iss"] = std::string(k_issuer) + "/"; }); },
         signin_refusal::issuer_wrong},
        {"another audience",
         [] { return with_claims([](auto& c) { c["aud"] = "another-client"; }); },
         signin_refusal::audience_wrong},
        {"no audience", [] { return with_claims([](auto& c) { c.erase("aud"); }); },
         signin_refusal::audience_wrong},
        {"several audiences without azp",
         [] {
             return with_claims([](auto& c) {
                 c["aud"] = boost::json::array{k_client, "another-api"};
             });
         },
         signin_refusal::audience_wrong},
        {"azp naming another client",
         [] { return with_claims([](auto& c) { c["azp"] = "another-client"; }); },
         signin_refusal::audience_wrong},
        {"expired beyond the skew",
         [&] { return with_claims([&](auto& c) { c["exp"] = now - 61; }); },
         signin_refusal::expired},
        {"issued in the future beyond the skew",
         [&] { return with_claims([&](auto& c) { c["iat"] = now + 61; }); },
         signin_refusal::not_yet_valid},
        {"not valid before a time beyond the skew",
         [&] { return with_claims([&](auto& c) { c["nbf"] = now + 61; }); },
         signin_refusal::not_yet_valid},
        {"no nonce", [] { return with_claims([](auto& c) { c.erase("nonce"); }); },
         signin_refusal::nonce_missing},
        {"another sign-in's nonce",
         [] { return with_claims([](auto& c) { c["nonce"] = "n-other"; }); },
         signin_refusal::nonce_wrong},
        {"no subject", [] { return with_claims([](auto& c) { c.erase("sub"); }); },
         signin_refusal::claim_missing},
        {"exp as text", [] { return with_claims([](auto& c) { c["exp"] = "tomorrow"; }); },
         signin_refusal::token_malformed},
        {"a critical header extension",
         [] {
             return provider_rsa().sign(good_claims(), {{"crit", boost::json::array{"b64"}}});
         },
         signin_refusal::token_malformed},
        {"two parts", [] { return std::string("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0"); },
         signin_refusal::token_malformed},
        {"padding in a part",
         [] {
             auto token = provider_rsa().sign(good_claims());
             return token.insert(token.find('.'), "=");
         },
         signin_refusal::token_malformed},
        {"too long",
         [] { return with_claims([](auto& c) { c["name"] = std::string(20000, 'a'); }); },
         signin_refusal::token_malformed},
    };
    for (const auto& test : cases) {
        SCOPED_TRACE(test.name);
        auto claims = check(test.token());
        ASSERT_FALSE(claims);
        EXPECT_EQ(name(claims.error().reason), name(test.reason)) << claims.error().text;
        // The refusal says which check failed, never what the token held.
        EXPECT_EQ(claims.error().text.find("anna@example.org"), std::string::npos);
        EXPECT_EQ(claims.error().text.find("248289761001"), std::string::npos);
    }
}

TEST(jwk_set, leaves_out_keys_it_cannot_verify_with_and_refuses_a_set_without_any) {
    auto rsa = provider_rsa().jwk();
    auto encryption = rsa;
    encryption["use"] = "enc";
    auto secret = boost::json::object{{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "hmac"}};
    auto short_rsa = rsa;
    short_rsa["n"] = base64url_encode(std::string(128, '\xff'));  // 1024 bits
    auto keys = [](boost::json::array list) {
        return jwk_set::parse(boost::json::serialize(boost::json::object{{"keys", list}}));
    };
    auto mixed = keys({encryption, secret, short_rsa, rsa});
    ASSERT_TRUE(mixed);
    EXPECT_EQ(mixed->size(), 1u);
    for (auto bad : {keys({encryption, secret, short_rsa}), jwk_set::parse("{\"keys\":3}"),
                     jwk_set::parse("not json")}) {
        ASSERT_FALSE(bad);
        EXPECT_EQ(bad.error().reason, signin_refusal::provider_misconfigured);
    }
}

TEST(base64url, decodes_only_what_it_would_encode) {
    EXPECT_EQ(base64url_decode("aGVsbG8").value_or("?"), "hello");
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    for (auto bad : {"aGVsbG8=", "aGVs bG8", "aGVsbG9", "a", "aGVsbG+"})
        EXPECT_FALSE(base64url_decode(bad)) << bad;
}

}  // namespace
}  // namespace samtal
