// The steps around the ID token: the pending sign-ins (single use, expiring), the provider's
// discovery document, the cached keys and the callback's query.
#include <gtest/gtest.h>

#include "service/signin/key_cache.hpp"
#include "service/signin/oidc_client.hpp"
#include "service/signin/pending_signins.hpp"
#include "service/signin/provider_metadata.hpp"
#include "support/token_signer.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;

struct test_clock {
    sys_milliseconds time{std::chrono::seconds(1'900'000'000)};
    clock as_clock() {
        return [this] { return time; };
    }
};

TEST(pending_signins, a_state_can_be_taken_once) {
    test_clock time;
    pending_signins pending(time.as_clock());
    pending.keep({"state-1", "nonce-1", "verifier-1", time.time});
    auto taken = pending.take("state-1");
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->nonce, "nonce-1");
    EXPECT_EQ(taken->code_verifier, "verifier-1");
    EXPECT_FALSE(pending.take("state-1"));
    EXPECT_FALSE(pending.take("never-issued"));
}

TEST(pending_signins, a_state_expires_after_its_lifetime) {
    test_clock time;
    pending_signins pending(time.as_clock(), 10min);
    pending.keep({"fresh", "n", "v", time.time});
    pending.keep({"stale", "n", "v", time.time});
    time.time += 10min;
    EXPECT_TRUE(pending.take("fresh"));
    time.time += 1ms;
    EXPECT_FALSE(pending.take("stale"));
    EXPECT_EQ(pending.size(), 0u);
}

TEST(pending_signins, the_oldest_make_room_when_full) {
    test_clock time;
    pending_signins pending(time.as_clock(), 10min, 3);
    for (auto state : {"a", "b", "c", "d"}) {
        pending.keep({state, "n", "v", time.time});
        time.time += 1s;
    }
    EXPECT_EQ(pending.size(), 3u);
    EXPECT_FALSE(pending.take("a"));
    EXPECT_TRUE(pending.take("d"));
}

const std::string k_issuer = "https://idp.example.org/realms/unit";

std::string discovery(const std::string& issuer, const std::string& extra = "") {
    return R"({"issuer":")" + issuer + R"(","authorization_endpoint":")" + k_issuer +
           R"(/auth","token_endpoint":")" + k_issuer + R"(/token","jwks_uri":")" + k_issuer +
           R"(/certs")" + extra + "}";
}

TEST(provider_metadata, takes_a_document_whose_issuer_is_exactly_the_configured_one) {
    auto read = read_provider_metadata(discovery(k_issuer), k_issuer);
    ASSERT_TRUE(read) << read.error().text;
    EXPECT_EQ(read->token_endpoint, k_issuer + "/token");
    EXPECT_EQ(discovery_url(k_issuer + "/"), k_issuer + "/.well-known/openid-configuration");

    for (const auto& document :
         {discovery(k_issuer + "/"), discovery("https://evil.example.org/realms/unit"),
          discovery(k_issuer, R"(,"code_challenge_methods_supported":["plain"])"),
          std::string(R"({"issuer":")" + k_issuer + R"(","token_endpoint":"http://x/token"})"),
          std::string("[]")}) {
        SCOPED_TRACE(document);
        auto refused = read_provider_metadata(document, k_issuer);
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().reason, signin_refusal::provider_misconfigured);
    }
}

TEST(provider_metadata, plain_http_only_for_a_provider_on_loopback) {
    EXPECT_TRUE(acceptable_endpoint("https://idp.example.org/token", false));
    EXPECT_TRUE(acceptable_endpoint("http://127.0.0.1:9000/token", true));
    EXPECT_TRUE(acceptable_endpoint("http://[::1]:9000/token", true));
    EXPECT_FALSE(acceptable_endpoint("http://127.0.0.1:9000/token", false));
    EXPECT_FALSE(acceptable_endpoint("http://10.0.0.5/token", true));
    EXPECT_FALSE(acceptable_endpoint("https://user:pw@idp.example.org/token", true));
    EXPECT_FALSE(acceptable_endpoint("/token", true));
}

TEST(key_cache, fetches_again_for_an_unknown_kid_but_not_more_than_once_per_pause) {
    testing::token_signer old_key("EC", "old"), new_key("EC", "new");
    test_clock time;
    key_cache cache(time.as_clock(), 1h, 30s);
    int fetches = 0;
    std::string served = testing::key_set({&old_key});
    auto fetch = [&]() -> signin_result<std::string> {
        ++fetches;
        return served;
    };
    auto token_of = [](const testing::token_signer& signer) {
        return read_jws(signer.sign({{"sub", "x"}})).value();
    };
    ASSERT_TRUE(cache.keys_for(token_of(old_key), fetch));
    ASSERT_TRUE(cache.keys_for(token_of(old_key), fetch));
    EXPECT_EQ(fetches, 1);

    // The provider rotates its keys: the new kid is found after one more fetch.
    served = testing::key_set({&old_key, &new_key});
    time.time += 31s;
    auto rotated = cache.keys_for(token_of(new_key), fetch);
    ASSERT_TRUE(rotated);
    EXPECT_TRUE((*rotated)->find("new", *find_jws_algorithm("ES256")));
    EXPECT_EQ(fetches, 2);

    // Made-up kids right after: no fetch, and no key for them.
    testing::token_signer made_up("EC", "made-up");
    for (int i = 0; i < 5; ++i) {
        auto keys = cache.keys_for(token_of(made_up), fetch);
        ASSERT_TRUE(keys);
        EXPECT_FALSE((*keys)->find("made-up", *find_jws_algorithm("ES256")));
    }
    EXPECT_EQ(fetches, 2);
}

TEST(key_cache, keeps_using_known_keys_while_the_provider_is_away) {
    testing::token_signer key("EC", "k");
    test_clock time;
    key_cache cache(time.as_clock(), 1h, 30s);
    bool away = false;
    auto fetch = [&]() -> signin_result<std::string> {
        if (away) return signin_failure{signin_refusal::provider_unavailable, "keys: down"};
        return testing::key_set({&key});
    };
    auto token = read_jws(key.sign({{"sub", "x"}})).value();
    ASSERT_TRUE(cache.keys_for(token, fetch));
    away = true;
    time.time += 2h;
    EXPECT_TRUE(cache.keys_for(token, fetch));
    auto other = read_jws(testing::token_signer("EC", "other").sign({{"sub", "x"}})).value();
    auto refused = cache.keys_for(other, fetch);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().reason, signin_refusal::provider_unavailable);
}

TEST(signin_callback, reads_code_state_error_and_iss_and_refuses_a_parameter_given_twice) {
    auto callback = read_signin_callback(
        "code=abc%2Fdef&state=s1&iss=https%3A%2F%2Fidp.example.org&session_state=x");
    ASSERT_TRUE(callback);
    EXPECT_EQ(callback->code, "abc/def");
    EXPECT_EQ(callback->state, "s1");
    EXPECT_EQ(callback->iss, "https://idp.example.org");
    EXPECT_TRUE(callback->error.empty());
    auto twice = read_signin_callback("code=a&state=s1&state=s2");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().reason, signin_refusal::callback_malformed);
}

}  // namespace
}  // namespace samtal
