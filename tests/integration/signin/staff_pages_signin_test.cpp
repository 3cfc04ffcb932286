// Signing in to the staff pages through a real OpenID provider, end to end: the real binary
// configured with [signin.oidc], oidc-provider on Node.js, and a browser's part played by
// following the redirects. Only the browser that started a sign-in may finish it, and a person
// without a staff account gets no session.
#include <regex>

#include "integration/fixture.hpp"
#include "support/oidc_provider.hpp"
#include "support/shell_command.hpp"

namespace samtal::testing {
namespace {

class staff_pages_signin : public ::testing::Test {
protected:
    staff_pages_signin() {
        ::setenv("SAMTAL_TEST_OIDC_SECRET", oidc_provider::client_secret, 1);
        service_ = std::make_unique<service_process>(
            "[signin.oidc]\nissuer = \"" + provider_.issuer() +
            "\"\nclient_id = \"samtal-staff\"\nclient_secret_env = \"SAMTAL_TEST_OIDC_SECRET\"\n"
            "redirect_uri = \"" +
            oidc_provider::redirect_uri + "\"\nprovider_name = \"Testkommun\"\n\n" +
            allow_loopback_outgoing() + service_config_text());
        auto added = run_command(std::string(SAMTAL_BINARY) +
                                 " staff add --email Anna.Coordinator@example.org --role "
                                 "coordinator --unit test-unit --config " +
                                 service_->config_file().string() + " --data-dir " +
                                 service_->data_dir().string());
        EXPECT_EQ(added.status, 0) << added.output;
    }
    http_answer get(const std::string& target, const std::string& cookie = "") {
        std::map<std::string, std::string> headers;
        if (!cookie.empty()) headers["Cookie"] = cookie;
        return http_request(service_->port(), "GET", target, "", headers);
    }
    static std::string cookie_of(const http_answer& answer) {
        auto set = answer.header("set-cookie");
        return set.substr(0, set.find(';'));
    }

    temp_dir logs_;
    oidc_provider provider_{logs_.path()};
    std::unique_ptr<service_process> service_;
};

TEST_F(staff_pages_signin, a_coordinator_signs_in_through_the_provider_in_their_own_browser) {
    auto page = get("/staff/signin?lang=en");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Sign in with Testkommun"), std::string::npos);

    auto started = get("/staff/signin/oidc?lang=en");
    ASSERT_EQ(started.status, 303) << started.body;
    auto location = started.header("location");
    EXPECT_TRUE(location.starts_with(provider_.issuer() + "/auth?")) << location;
    auto binding = cookie_of(started);
    EXPECT_TRUE(binding.starts_with("__Host-samtal_signin=")) << binding;
    auto query = oidc_provider::callback_query(location);

    // Another browser with the same callback gets nothing (login CSRF), and spends nothing.
    auto elsewhere = get("/staff/signin/callback?" + query);
    EXPECT_EQ(elsewhere.status, 403);
    EXPECT_EQ(elsewhere.header("set-cookie").find("__Host-samtal_staff="), std::string::npos);

    auto finished = get("/staff/signin/callback?" + query, binding);
    ASSERT_EQ(finished.status, 303) << finished.body;
    auto session = cookie_of(finished);
    ASSERT_TRUE(session.starts_with("__Host-samtal_staff=")) << session;
    auto day = get("/staff?lang=en", session);
    ASSERT_EQ(day.status, 200);
    EXPECT_NE(day.body.find("conversations</h1>"), std::string::npos) << day.body.substr(0, 3000);
    EXPECT_NE(day.body.find("anna.coordinator@example.org"), std::string::npos);

    // The same callback again: the state was spent.
    EXPECT_EQ(get("/staff/signin/callback?" + query, binding).status, 401);
}

TEST_F(staff_pages_signin, a_person_with_no_staff_account_gets_a_clear_page_and_no_session) {
    auto started = get("/staff/signin/oidc?lang=en&login_hint=stranger");
    ASSERT_EQ(started.status, 303);
    auto query = oidc_provider::callback_query(started.header("location"));
    auto refused = get("/staff/signin/callback?" + query, cookie_of(started));
    EXPECT_EQ(refused.status, 401);
    EXPECT_NE(refused.body.find("no access to samtal"), std::string::npos);
    EXPECT_EQ(refused.header("set-cookie").find("__Host-samtal_staff="), std::string::npos);
    // The log says why, without the person's address.
    service_->stop();
    std::ifstream log(service_->log_file());
    std::stringstream text;
    text << log.rdbuf();
    EXPECT_NE(text.str().find("staff sign-in refused"), std::string::npos);
    EXPECT_EQ(text.str().find("stranger@"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
