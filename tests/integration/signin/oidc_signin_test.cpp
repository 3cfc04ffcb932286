// Staff sign-in against a real OpenID provider (oidc-provider, started by each test on a
// loopback port): the whole authorization code flow with PKCE through samtal's client, and
// the refusals a real provider's answers lead to. The checks of crafted tokens (forged
// signature, alg none, wrong audience, missing nonce) are in unit/signin/id_token_test.cpp.
#include <gtest/gtest.h>

#include <map>

#include "service/signin/oidc_client.hpp"
#include "support/oidc_provider.hpp"
#include "support/temp_dir.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;

class oidc_signin : public ::testing::Test {
protected:
    oidc_config settings(const std::string& client_id = "samtal-staff") const {
        oidc_config config;
        config.issuer = provider_.issuer();
        config.client_id = client_id;
        config.client_secret = testing::oidc_provider::client_secret;
        config.authentication = client_id == "samtal-staff" ? client_authentication::secret_basic
                                                            : client_authentication::secret_post;
        config.redirect_uri = testing::oidc_provider::redirect_uri;
        config.timeout = 5s;
        return config;
    }

    // The unit's staff as the provider's email claim names them.
    static std::optional<std::string> staff_account(std::string_view email) {
        static const std::map<std::string, std::string, std::less<>> staff{
            {"anna.coordinator@example.org", "coordinator-anna"}};
        auto found = staff.find(email);
        return found == staff.end() ? std::nullopt : std::optional(found->second);
    }

    // Starts a sign-in, lets the provider sign `person` in, and answers the callback's query.
    std::string sign_in_at_provider(oidc_client& client,
                                    const std::string& person = "coordinator") {
        auto request = client.begin(person);
        EXPECT_TRUE(request) << request.error().text;
        pending_.keep(request->pending);
        return testing::oidc_provider::callback_query(request->url);
    }

    signin_result<staff_signin> finish(oidc_client& client, const std::string& query) {
        auto callback = read_signin_callback(query);
        if (!callback) return callback.error();
        return client.finish(*callback, pending_, &staff_account);
    }

    static void expect_refused(const signin_result<staff_signin>& signin, signin_refusal reason) {
        ASSERT_FALSE(signin) << "signed in as " << signin->account;
        EXPECT_EQ(name(signin.error().reason), name(reason)) << signin.error().text;
        EXPECT_EQ(signin.error().text.find("example.org"), std::string::npos);
    }

    testing::temp_dir logs_;
    testing::oidc_provider provider_{logs_.path()};
    outgoing_config outgoing_{{"127.0.0.1"}};
    sys_milliseconds time_{};
    clock now_ = [this] { return system_clock()() + (time_ - sys_milliseconds{}); };
    pending_signins pending_{now_};
};

TEST_F(oidc_signin, a_staff_member_signs_in_with_rs256_and_basic_or_es256_and_post) {
    for (auto client_id : {"samtal-staff", "samtal-staff-es"}) {
        SCOPED_TRACE(client_id);
        oidc_client client(settings(client_id), outgoing_, now_);
        auto request = client.begin("coordinator");
        ASSERT_TRUE(request) << request.error().text;
        EXPECT_TRUE(request->url.starts_with(provider_.issuer() + "/auth?"));
        EXPECT_NE(request->url.find("code_challenge_method=S256"), std::string::npos);
        EXPECT_EQ(request->url.find(request->pending.code_verifier), std::string::npos);
        pending_.keep(request->pending);
        auto signin = finish(client, testing::oidc_provider::callback_query(request->url));
        ASSERT_TRUE(signin) << signin.error().text;
        EXPECT_EQ(signin->account, "coordinator-anna");
        EXPECT_EQ(signin->subject, "coordinator");
        EXPECT_EQ(signin->claim_value, "anna.coordinator@example.org");
        EXPECT_EQ(signin->claims.at("name").as_string(), "Anna Coordinator");
    }
}

TEST_F(oidc_signin, a_replayed_callback_finds_no_pending_state_and_a_replayed_code_is_refused) {
    oidc_client client(settings(), outgoing_, now_);
    auto query = sign_in_at_provider(client);
    ASSERT_TRUE(finish(client, query));
    expect_refused(finish(client, query), signin_refusal::state_unknown);

    // Even with its state kept again, the code was spent at the provider.
    auto callback = read_signin_callback(query).value();
    pending_.keep(
        {callback.state, "nonce", "a-verifier-that-is-long-enough-for-pkce-43-chars", now_()});
    expect_refused(finish(client, query), signin_refusal::provider_refused);
}

TEST_F(oidc_signin, a_browser_coming_back_after_the_pending_sign_in_expired_is_refused) {
    oidc_client client(settings(), outgoing_, now_);
    auto query = sign_in_at_provider(client);
    time_ += 11min;
    expect_refused(finish(client, query), signin_refusal::state_unknown);
}

TEST_F(oidc_signin, an_expired_id_token_is_refused) {
    pending_signins long_lived(now_, 24h);
    oidc_client client(settings(), outgoing_, now_);
    auto request = client.begin("coordinator");
    ASSERT_TRUE(request);
    long_lived.keep(request->pending);
    auto query = testing::oidc_provider::callback_query(request->url);
    // oidc-provider's ID tokens live an hour: the same token read two hours on.
    time_ += 2h;
    auto signin = client.finish(read_signin_callback(query).value(), long_lived, &staff_account);
    expect_refused(signin, signin_refusal::expired);
}

TEST_F(oidc_signin, a_person_with_no_staff_account_is_refused) {
    oidc_client client(settings(), outgoing_, now_);
    expect_refused(finish(client, sign_in_at_provider(client, "stranger")),
                   signin_refusal::no_staff_account);
}

TEST_F(oidc_signin, an_unverified_email_does_not_name_a_staff_member) {
    oidc_client client(settings(), outgoing_, now_);
    expect_refused(finish(client, sign_in_at_provider(client, "unverified")),
                   signin_refusal::claim_missing);
}

TEST_F(oidc_signin, a_wrong_client_secret_is_refused_at_the_token_endpoint) {
    auto config = settings();
    config.client_secret = "not-the-secret";
    oidc_client client(config, outgoing_, now_);
    auto signin = finish(client, sign_in_at_provider(client));
    expect_refused(signin, signin_refusal::provider_refused);
    EXPECT_NE(signin.error().text.find("invalid_client"), std::string::npos);
}

TEST_F(oidc_signin, a_callback_naming_another_issuer_or_an_error_is_refused) {
    oidc_client client(settings(), outgoing_, now_);
    auto query = sign_in_at_provider(client);
    auto at = query.find("iss=");
    ASSERT_NE(at, std::string::npos);
    expect_refused(finish(client, query.substr(0, at) + "iss=https%3A%2F%2Fevil.example.net"),
                   signin_refusal::callback_malformed);
    auto denied = client.begin();
    ASSERT_TRUE(denied);
    pending_.keep(denied->pending);
    expect_refused(finish(client, "error=access_denied&state=" + denied->pending.state),
                   signin_refusal::provider_refused);
}

TEST_F(oidc_signin, a_provider_whose_issuer_differs_or_that_is_not_allowed_is_not_used) {
    auto config = settings();
    config.issuer += "/";
    auto misnamed = oidc_client(config, outgoing_, now_).begin();
    ASSERT_FALSE(misnamed);
    EXPECT_EQ(misnamed.error().reason, signin_refusal::provider_misconfigured);

    // Loopback is a private address: without the operator's word, samtal does not go there.
    outgoing_config public_only;
    auto guarded = oidc_client(settings(), public_only, now_).begin();
    ASSERT_FALSE(guarded);
    EXPECT_EQ(guarded.error().reason, signin_refusal::provider_unavailable);
}

}  // namespace
}  // namespace samtal
