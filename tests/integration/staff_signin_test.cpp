// Signing in to the staff pages with a local account, through the real binary: the one-time
// password link, Argon2id passwords, a session cookie that only this host over HTTPS keeps,
// CSRF tokens on every staff form, sign-out, and wrong passwords costing the guesser.
#include <regex>

#include "integration/fixture.hpp"
#include "support/shell_command.hpp"
#include "support/staff_pages.hpp"

namespace samtal::testing {
namespace {

constexpr const char* k_password = "correct horse battery staple";

class staff_signin : public ::testing::Test {
protected:
    explicit staff_signin(const std::string& limits = k_generous_abuse_limits,
                          const std::string& more_config = "")
        : service_(service_config_text("", "", "", limits) + more_config) {}

    // `samtal staff add` on the running service's store; the link's secret it printed.
    std::string add_account(const std::string& arguments) {
        auto added = run_command(std::string(SAMTAL_BINARY) + " staff add " + arguments +
                                 " --config " + service_.config_file().string() + " --data-dir " +
                                 service_.data_dir().string());
        EXPECT_EQ(added.status, 0) << added.output;
        return password_link_in(added.output);
    }
    http_answer get(const std::string& target, const std::string& cookie = "") {
        std::map<std::string, std::string> headers;
        if (!cookie.empty()) headers["Cookie"] = cookie;
        return http_request(service_.port(), "GET", target, "", headers);
    }
    http_answer post(const std::string& target, const std::string& fields,
                     const std::string& cookie = "") {
        std::map<std::string, std::string> headers{
            {"Content-Type", "application/x-www-form-urlencoded"}};
        if (!cookie.empty()) headers["Cookie"] = cookie;
        return http_request(service_.port(), "POST", target, fields, headers);
    }
    // Sets the password with the link; true on success.
    bool set_password(const std::string& link, const std::string& password) {
        auto page = get("/staff/password?lang=en&link=" + link);
        auto answer =
            post("/staff/password",
                 "lang=en&link=" + link + "&password=" + form_encoded(password) +
                     "&form_token=" + form_encoded(form_token_in(page.body, "/staff/password")));
        return answer.status == 303;
    }
    http_answer sign_in(const std::string& email, const std::string& password) {
        auto page = get("/staff/signin?lang=en");
        return post("/staff/signin",
                    "lang=en&email=" + form_encoded(email) + "&password=" + form_encoded(password) +
                        "&form_token=" + form_encoded(form_token_in(page.body, "/staff/signin")));
    }
    static std::string cookie_of(const http_answer& answer) {
        return cookie_pair(answer.header("set-cookie"));
    }

    service_process service_;
};

TEST_F(staff_signin, a_link_sets_the_password_once_and_the_session_cookie_is_locked_down) {
    auto link =
        add_account("--email Amina@Example.org --role advisor --unit test-unit --advisor amina");
    ASSERT_EQ(link.size(), 64u);
    auto page = get("/staff/password?lang=en&link=" + link);
    ASSERT_EQ(page.status, 200);
    auto token = form_token_in(page.body, "/staff/password");
    auto too_short =
        post("/staff/password",
             "lang=en&link=" + link + "&password=short&form_token=" + form_encoded(token));
    EXPECT_EQ(too_short.status, 422);
    ASSERT_TRUE(set_password(link, k_password));
    EXPECT_FALSE(set_password(link, "another long password"));  // once only

    EXPECT_EQ(sign_in("amina@example.org", "wrong password here").status, 401);
    auto signed_in = sign_in("amina@example.org", k_password);
    ASSERT_EQ(signed_in.status, 303) << signed_in.body;
    EXPECT_EQ(signed_in.header("location"), "/staff?lang=en");
    auto set_cookie = signed_in.header("set-cookie");
    EXPECT_TRUE(set_cookie.starts_with("__Host-samtal_staff=")) << set_cookie;
    for (auto attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"})
        EXPECT_NE(set_cookie.find(attribute), std::string::npos) << attribute;
    EXPECT_EQ(set_cookie.find("Domain"), std::string::npos);
    // A new session id at every sign-in.
    EXPECT_NE(cookie_of(sign_in("amina@example.org", k_password)), cookie_of(signed_in));

    auto day = get("/staff?lang=en", cookie_of(signed_in));
    ASSERT_EQ(day.status, 200);
    EXPECT_NE(day.body.find("Your conversations"), std::string::npos);
    EXPECT_EQ(day.header("cache-control"), "no-store");
    EXPECT_EQ(get("/staff?lang=en").status, 303);
    EXPECT_EQ(get("/staff?lang=en").header("location"), "/staff/signin?lang=en");
}

TEST_F(staff_signin, every_staff_form_needs_the_sessions_token_and_sign_out_ends_it) {
    ASSERT_TRUE(set_password(
        add_account("--email cora@example.org --role coordinator --unit test-unit"), k_password));
    auto cookie = cookie_of(sign_in("cora@example.org", k_password));
    auto day = get("/staff?lang=en", cookie);
    ASSERT_EQ(day.status, 200);
    auto csrf = csrf_in(day.body);
    ASSERT_FALSE(csrf.empty());
    auto absence = [&](const std::string& with_csrf) {
        return post("/staff/absence",
                    "lang=en&advisor=erik&from=2027-03-01&to=2027-03-02&csrf=" + with_csrf +
                        "&form_token=" + form_encoded(form_token_in(day.body, "/staff/absence")),
                    cookie);
    };
    EXPECT_EQ(absence("0000").status, 403);
    auto reported = absence(csrf);
    EXPECT_EQ(reported.status, 303) << reported.body;
    EXPECT_TRUE(reported.header("location").starts_with("/staff?lang=en&done=absence"));

    auto signed_out = post("/staff/signout",
                           "lang=en&csrf=" + csrf + "&form_token=" +
                               form_encoded(form_token_in(day.body, "/staff/signout")),
                           cookie);
    EXPECT_EQ(signed_out.status, 303);
    EXPECT_NE(signed_out.header("set-cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(get("/staff?lang=en", cookie).status, 303);
}

TEST_F(staff_signin, the_parents_pages_still_set_no_cookie) {
    for (auto target : {"/", "/booking", "/unit", "/privacy", "/staff/signin"})
        EXPECT_EQ(get(target).header("set-cookie"), "") << target;
}

class staff_signin_limited : public staff_signin {
protected:
    staff_signin_limited()
        : staff_signin(
              "booking_attempts_per_hour = 100\nbookings_per_day = 100\n"
              "wrong_codes_per_hour = 3\n") {}
};

TEST_F(staff_signin_limited, wrong_passwords_cost_the_guesser_as_wrong_codes_do) {
    ASSERT_TRUE(set_password(add_account("--email max@example.org --role manager --unit test-unit"),
                             k_password));
    // A right password costs nothing.
    for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in("max@example.org", k_password).status, 303);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(sign_in("max@example.org", "guess number " + std::to_string(i)).status, 401);
    EXPECT_EQ(sign_in("max@example.org", k_password).status, 429);
}

// An account the configuration provides (as the demo's coordinator is), by its Argon2id hash
// of "demo-coordinator".
class staff_signin_configured : public staff_signin {
protected:
    staff_signin_configured()
        : staff_signin(k_generous_abuse_limits,
                       "\n[[staff_accounts]]\nemail = \"Demo@Example.org\"\nrole = "
                       "\"coordinator\"\nunit = \"test-unit\"\npassword_argon2id = "
                       "\"$argon2id$v=19$m=19456,t=2,p=1$c2FtdGFsLWRlbW8tc2FsdA$"
                       "eFjCxHPORbutG0dyrw1C+dNacy3Gnn0W63NjXmdQGS8\"\n") {}
};

TEST_F(staff_signin_configured, an_account_from_the_file_signs_in_with_its_password_only) {
    EXPECT_EQ(sign_in("demo@example.org", "demo-coordinator-").status, 401);
    auto signed_in = sign_in("demo@example.org", "demo-coordinator");
    ASSERT_EQ(signed_in.status, 303) << signed_in.body;
    auto day = get("/staff?lang=en", cookie_of(signed_in));
    ASSERT_EQ(day.status, 200);
    EXPECT_NE(day.body.find("demo@example.org"), std::string::npos);
    // The file's account is there for `samtal staff add` too: its address is taken.
    auto again = run_command(std::string(SAMTAL_BINARY) +
                             " staff add --email demo@example.org --role manager --unit "
                             "test-unit --config " +
                             service_.config_file().string() + " --data-dir " +
                             service_.data_dir().string());
    EXPECT_EQ(again.status, 2);
    EXPECT_NE(again.output.find("--email: taken"), std::string::npos) << again.output;
}

}  // namespace
}  // namespace samtal::testing
