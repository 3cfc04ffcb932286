// [signin.oidc]: the OpenID provider staff sign in with, checked at start-up.
#include <gtest/gtest.h>

#include <cstdlib>

#include "service/config/config.hpp"
#include "support/test_config.hpp"

namespace samtal {
namespace {

const std::string k_oidc =
    "[signin.oidc]\n"
    "issuer = \"https://login.microsoftonline.com/00000000-1111-2222-3333-444444444444/v2.0\"\n"
    "client_id = \"5f3c2b1a\"\n"
    "client_secret_env = \"SAMTAL_TEST_OIDC_SECRET\"\n"
    "redirect_uri = \"https://samtal.sollentuna.se/staff/signin/callback\"\n";

config with_signin(const std::string& keys) {
    ::setenv("SAMTAL_TEST_OIDC_SECRET", "oidc-secret", 1);
    return parse_config(testing::test_config_text() + "\n" + keys, "samtal.toml");
}

std::string error_of(const std::string& keys) {
    try {
        with_signin(keys);
        return "";
    } catch (const config_error& error) {
        return error.what();
    }
}

TEST(signin_config, no_signin_table_means_no_openid_provider) {
    EXPECT_FALSE(with_signin("").signin.oidc);
}

TEST(signin_config, reads_the_provider_with_the_secret_from_the_environment_and_defaults) {
    auto read = with_signin(k_oidc).signin.oidc;
    ASSERT_TRUE(read);
    EXPECT_EQ(read->client_secret, "oidc-secret");
    EXPECT_EQ(read->authentication, client_authentication::secret_basic);
    EXPECT_EQ(read->staff_claim, "email");
    EXPECT_EQ(read->clock_skew, std::chrono::seconds(60));
    EXPECT_EQ(read->scopes, (std::vector<std::string>{"openid", "email", "profile"}));

    auto tuned = with_signin(k_oidc +
                             "client_authentication = \"client_secret_post\"\n"
                             "staff_claim = \"preferred_username\"\nclock_skew_seconds = 120\n"
                             "scopes = [\"openid\", \"profile\"]\n")
                     .signin.oidc;
    ASSERT_TRUE(tuned);
    EXPECT_EQ(tuned->authentication, client_authentication::secret_post);
    EXPECT_EQ(tuned->staff_claim, "preferred_username");
    EXPECT_EQ(tuned->clock_skew, std::chrono::seconds(120));
}

TEST(signin_config, refuses_what_would_weaken_or_break_the_sign_in) {
    struct case_t {
        std::string keys;
        std::string message;
    } cases[] = {
        {k_oidc + "client_secret = \"inline\"\n", "signin.oidc.client_secret: unknown key"},
        {"[signin.saml]\n", "signin.saml: unknown key (expected one of: oidc)"},
        {k_oidc + "clock_skew_seconds = 600\n",
         "signin.oidc.clock_skew_seconds: expected a whole number from 0 to 120"},
        {k_oidc + "scopes = [\"email\"]\n", "signin.oidc.scopes: must include \"openid\""},
        {k_oidc + "client_authentication = \"none\"\n",
         "signin.oidc.client_authentication: expected \"client_secret_basic\" or"},
        {k_oidc + "staff_claim = \"e mail\"\n", "signin.oidc.staff_claim: expected a claim name"},
        {"[signin.oidc]\nissuer = \"http://idp.example.org\"\n",
         "signin.oidc.issuer: expected an https URL (http only on a loopback address)"},
        {"[signin.oidc]\nissuer = \"https://idp.example.org\"\nclient_id = \"c\"\n"
         "client_secret_env = \"SAMTAL_TEST_UNSET_SECRET\"\n",
         "signin.oidc.client_secret_env: the environment variable SAMTAL_TEST_UNSET_SECRET is not "
         "set"},
        {"[signin.oidc]\nissuer = \"https://idp.example.org\"\nclient_id = \"c\"\n",
         "signin.oidc.client_secret_env: missing"},
        {"[signin.oidc]\nissuer = \"https://idp.example.org\"\nclient_id = \"c\"\n"
         "client_secret_env = \"SAMTAL_TEST_OIDC_SECRET\"\n"
         "redirect_uri = \"https://samtal.example.org/callback\"\n",
         "signin.oidc.redirect_uri: expected samtal's callback"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        auto error = error_of(c.keys);
        EXPECT_NE(error.find("samtal.toml: " + c.message), std::string::npos) << error;
        EXPECT_EQ(error.find("oidc-secret"), std::string::npos);
    }
}

TEST(signin_config, plain_http_is_for_a_provider_on_loopback_only) {
    auto read = with_signin(
                    "[signin.oidc]\nissuer = \"http://127.0.0.1:9000\"\nclient_id = \"c\"\n"
                    "client_secret_env = \"SAMTAL_TEST_OIDC_SECRET\"\n"
                    "redirect_uri = \"http://127.0.0.1:8080/staff/signin/callback\"\n")
                    .signin.oidc;
    ASSERT_TRUE(read);
    EXPECT_EQ(read->issuer, "http://127.0.0.1:9000");
}

}  // namespace
}  // namespace samtal
