// Every staff route, as the router's table has it, called with every role, with another
// unit's identity and with none: the table's roles decide who gets past, and nobody reaches
// another unit's data. The API routes are called in-process with service tokens; the staff
// pages through the real binary with signed-in sessions, and their forms also without the
// session's CSRF token, with a forged form token and from another site.
#include <future>

#include "integration/fixture.hpp"
#include "service/app/application.hpp"
#include "support/shell_command.hpp"
#include "support/staff_pages.hpp"

namespace samtal::testing {
namespace {

// One token per role in the test unit (the advisor is Amina), and a coordinator of another.
const std::map<std::string, std::string> k_role_tokens{{"advisor", "token-advisor"},
                                                       {"coordinator", "token-coordinator"},
                                                       {"manager", "token-manager"},
                                                       {"operator", "token-operator"}};
constexpr std::string_view k_other_unit_token = "token-other-coordinator";

std::string roles_config() {
    std::string text;
    for (const auto& [role, token] : k_role_tokens)
        text += "[[staff_tokens]]\nname = \"" + role + "\"\nrole = \"" + role + "\"\n" +
                (role == "operator" ? "" : "unit = \"test-unit\"\n") +
                (role == "advisor" ? "advisor = \"amina\"\n" : "") + "sha256 = \"" +
                hex_sha256(token) + "\"\n\n";
    text +=
        "[[staff_tokens]]\nname = \"other\"\nrole = \"coordinator\"\nunit = \"other-unit\"\n"
        "sha256 = \"" +
        hex_sha256(std::string(k_other_unit_token)) + "\"\n\n";
    return text + service_config_text() + R"(
[[units]]
id = "other-unit"
name = "Other unit"
channels = ["phone"]
languages = ["sv"]
  [[units.sites]]
  id = "north"
  name = "North"
  [[units.advisors]]
  id = "olle"
  name = "Olle"
  site = "north"
  email = "olle@example.org"
  languages = ["sv"]
  hours = { mon = ["09:00-12:00"] }
  [units.invitations]
  organizer_email = "other@example.org"
)";
}

// Who may use each staff route, as the roles are meant (issue 16's table). The router's table
// must say the same, and a route missing here fails the test: whoever adds one decides.
const std::map<std::string, std::vector<std::string>> k_meant{
    {"GET /api/v1/staff/deliveries", {"operator", "manager"}},
    {"GET /api/v1/staff/conference-calls", {"operator", "manager"}},
    {"GET /api/v1/staff/interpreter-requests", {"advisor", "coordinator", "manager", "operator"}},
    {"POST /api/v1/staff/interpreter-requests/answer", {"advisor", "coordinator", "manager"}},
    {"POST /api/v1/staff/interpreter-requests/request-again",
     {"advisor", "coordinator", "manager"}},
    {"GET /api/v1/staff/advisors", {"advisor", "coordinator", "manager"}},
    {"POST /api/v1/staff/advisors", {"coordinator"}},
    {"GET /api/v1/staff/advisors/{id}", {"advisor", "coordinator", "manager"}},
    {"PUT /api/v1/staff/advisors/{id}", {"advisor", "coordinator"}},
    {"POST /api/v1/staff/advisors/{id}/absences", {"advisor", "coordinator"}},
    {"DELETE /api/v1/staff/advisors/{id}/absences/{absence}", {"advisor", "coordinator"}},
    {"GET /api/v1/staff/conversations", {"advisor", "coordinator", "manager"}},
    {"POST /api/v1/staff/conversations/{id}/handover", {"coordinator"}},
    {"POST /api/v1/staff/conversations/{id}/outcome", {"advisor", "coordinator"}},
    {"GET /api/v1/staff/audit", {"coordinator"}},
    {"GET /api/v1/staff/statistics", {"manager", "coordinator"}},
    {"GET /api/v1/staff/statistics.csv", {"manager", "coordinator"}},
};

class staff_roles : public ::testing::Test {
protected:
    staff_roles() {
        auto settings = parse_config(roles_config(), "test.toml");
        settings.data_dir = dir_.path();
        app_ = std::make_unique<application>(settings);
    }

    // Calls the route's handler as the server would, with `token` (empty: none), and waits.
    unsigned call(const route& entry, const std::string& token, const std::string& unit) {
        auto target = entry.path;
        for (auto [name, value] : {std::pair{"{id}", "amina"}, std::pair{"{absence}", "1"}})
            if (auto at = target.find(name); at != std::string::npos)
                target.replace(at, std::string_view(name).size(), value);
        target += "?unit=" + unit;
        request req{entry.method, target, 11};
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (entry.method == http::verb::post || entry.method == http::verb::put) {
            req.set(http::field::content_type, "application/json");
            req.body() = "{}";
            req.prepare_payload();
        }
        std::promise<unsigned> answered;
        entry.handler(std::move(req),
                      [&](reply res) { answered.set_value(unsigned(res.result_int())); });
        return answered.get_future().get();
    }

    temp_dir dir_;
    std::unique_ptr<application> app_;
};

TEST_F(staff_roles, every_staff_route_admits_exactly_its_roles_and_only_for_their_unit) {
    int staff_routes = 0;
    for (const auto& entry : app_->routes().routes()) {
        if (!entry.path.starts_with("/api/v1/staff/")) continue;
        ++staff_routes;
        auto name = std::string(http::to_string(entry.method)) + " " + entry.path;
        auto meant = k_meant.find(name);
        ASSERT_NE(meant, k_meant.end()) << "say in k_meant who may use " << name;
        auto declared = entry.roles;
        auto expected = meant->second;
        std::sort(declared.begin(), declared.end());
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(declared, expected) << name;
        EXPECT_EQ(call(entry, "", "test-unit"), 401u) << name;
        EXPECT_EQ(call(entry, "not-a-token", "test-unit"), 401u) << name;
        for (const auto& [role, token] : k_role_tokens) {
            bool admitted =
                std::find(entry.roles.begin(), entry.roles.end(), role) != entry.roles.end();
            auto status = call(entry, token, "test-unit");
            if (admitted)
                EXPECT_TRUE(status != 401 && status != 403)
                    << name << " as " << role << ": " << status;
            else
                EXPECT_EQ(status, 403u) << name << " as " << role;
        }
        // A coordinator of another unit asking about this one gets nothing of it.
        auto status = call(entry, std::string(k_other_unit_token), "test-unit");
        EXPECT_TRUE(status == 403 || status == 404) << name << " from another unit: " << status;
    }
    EXPECT_EQ(std::size_t(staff_routes), k_meant.size());
}

// Who may use each staff page, one table for the walk below. The routes without a sign-in
// (signing in and out, the password link, the guide) are in k_open_pages.
const std::map<std::string, std::vector<std::string>> k_meant_pages{
    {"GET /staff", {"advisor", "coordinator", "manager"}},
    {"POST /staff/absence", {"advisor", "coordinator"}},
    {"POST /staff/handover", {"coordinator"}},
    {"POST /staff/outcome", {"advisor", "coordinator"}},
    {"GET /staff/advisors", {"coordinator", "manager"}},
    {"GET /staff/advisors/{id}", {"advisor", "coordinator", "manager"}},
    {"POST /staff/advisors/{id}", {"advisor", "coordinator"}},
    {"POST /staff/advisors/{id}/absences", {"advisor", "coordinator"}},
    {"POST /staff/advisors/{id}/absences/remove", {"advisor", "coordinator"}},
    {"GET /staff/handover/{conversation}", {"coordinator"}},
    {"GET /staff/interpreters", {"coordinator"}},
    {"POST /staff/interpreters", {"coordinator"}},
    {"GET /staff/problems", {"operator", "manager"}},
    {"GET /staff/audit", {"coordinator"}},
    {"GET /staff/statistics", {"coordinator", "manager"}},
    {"GET /staff/statistics.csv", {"coordinator", "manager"}},
};
const std::set<std::string> k_open_pages{
    "GET /staff/signin",      "POST /staff/signin",
    "POST /staff/signout",    "POST /staff/signout-everywhere",
    "GET /staff/password",    "POST /staff/password",
    "GET /staff/signin/oidc", "GET /staff/signin/callback",
    "GET /staff/guide",
};

constexpr const char* k_password = "correct horse battery staple";

class staff_page_roles : public service_test {
protected:
    staff_page_roles() : service_test(roles_config()) {
        // One signed-in person per role in the test unit (the advisor is Amina), and a
        // coordinator of the other unit.
        for (const auto& [role, token] : k_role_tokens)
            sessions_[role] =
                signed_in(role + "@example.org",
                          "--role " + role + (role == "operator" ? "" : " --unit test-unit") +
                              (role == "advisor" ? " --advisor amina" : ""));
        sessions_["other"] = signed_in("other@example.org", "--role coordinator --unit other-unit");
        // A conversation of Amina's to name in the handover page's path.
        for (const auto& start : free_times()) {
            auto booked = post_json("/api/v1/bookings", phone_booking(start));
            if (booked.status != 201) continue;
            auto listed = http_request(
                service_.port(), "GET",
                "/api/v1/staff/conversations?unit=test-unit&day=" + start.substr(0, 10), "",
                {{"Authorization", "Bearer " + k_role_tokens.at("coordinator")}});
            auto parsed = boost::json::parse(listed.body);
            for (const auto& entry : parsed.at("conversations").as_array())
                if (entry.at("start").as_string() == start)
                    conversation_ = entry.at("id").as_string();
            break;
        }
    }

    struct session {
        std::string cookie;
        std::string csrf;
    };
    session signed_in(const std::string& email, const std::string& arguments) {
        auto added = run_command(std::string(SAMTAL_BINARY) + " staff add --email " + email + " " +
                                 arguments + " --config " + service_.config_file().string() +
                                 " --data-dir " + service_.data_dir().string());
        EXPECT_EQ(added.status, 0) << added.output;
        auto link = password_link_in(added.output);
        auto set = post_form("/staff/password",
                             "lang=en&link=" + link + "&password=" + form_encoded(k_password));
        EXPECT_EQ(set.status, 303) << email << ": " << set.body;
        auto answer = post_form("/staff/signin", "lang=en&email=" + form_encoded(email) +
                                                     "&password=" + form_encoded(k_password));
        EXPECT_EQ(answer.status, 303) << email;
        session made{cookie_pair(answer.header("set-cookie")), ""};
        // Any staff page carries the session's CSRF token, a refusal too.
        made.csrf = csrf_in(get("/staff/guide?lang=en", {{"Cookie", made.cookie}}).body);
        EXPECT_FALSE(made.csrf.empty()) << email;
        return made;
    }

    // The route called as `who` (empty: nobody) would call it from a page of ours; `csrf` and
    // `form_token` empty: the session's and a good one. `headers` add to the request's.
    http_answer call(const route& entry, const std::string& who, std::string csrf = "",
                     std::string form_token = "", std::map<std::string, std::string> headers = {}) {
        auto target = entry.path;
        for (auto [name, value] : {std::pair<std::string, std::string>{"{id}", "amina"},
                                   {"{conversation}", conversation_}})
            if (auto at = target.find(name); at != std::string::npos)
                target.replace(at, name.size(), value);
        if (!who.empty()) headers["Cookie"] = sessions_.at(who).cookie;
        if (entry.method == http::verb::get) return get(target + "?lang=en", headers);
        if (csrf.empty() && !who.empty()) csrf = sessions_.at(who).csrf;
        if (form_token.empty()) form_token = token_for(entry.path);
        headers.emplace("Content-Type", "application/x-www-form-urlencoded");
        return http_request(service_.port(), "POST", target,
                            "lang=en&csrf=" + csrf + "&form_token=" + form_encoded(form_token),
                            headers);
    }
    // The staff page routes the server has, as "METHOD /path" with the route.
    std::vector<std::pair<std::string, route>> page_routes() {
        temp_dir dir;
        auto settings = parse_config(roles_config(), "test.toml");
        settings.data_dir = dir.path();
        application app(settings);
        std::vector<std::pair<std::string, route>> pages;
        for (const auto& entry : app.routes().routes())
            if (entry.path == "/staff" || entry.path.starts_with("/staff/"))
                pages.emplace_back(std::string(http::to_string(entry.method)) + " " + entry.path,
                                   entry);
        return pages;
    }
    static bool sent_to_signin(const http_answer& answer) {
        return answer.status == 303 && answer.header("location").starts_with("/staff/signin");
    }

    std::map<std::string, session> sessions_;
    std::string conversation_;
};

TEST_F(staff_page_roles, every_staff_page_admits_exactly_its_roles_and_only_for_their_unit) {
    ASSERT_FALSE(conversation_.empty());
    std::size_t walked = 0;
    for (const auto& [name, entry] : page_routes()) {
        if (k_open_pages.contains(name)) continue;
        ++walked;
        auto meant = k_meant_pages.find(name);
        ASSERT_NE(meant, k_meant_pages.end()) << "say in k_meant_pages who may use " << name;
        auto declared = entry.roles;
        auto expected = meant->second;
        std::sort(declared.begin(), declared.end());
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(declared, expected) << name;
        EXPECT_TRUE(sent_to_signin(call(entry, ""))) << name << " without a session";
        for (const auto& [role, token] : k_role_tokens) {
            bool admitted = std::find(expected.begin(), expected.end(), role) != expected.end();
            auto answer = call(entry, role);
            if (!admitted)
                EXPECT_EQ(answer.status, 403) << name << " as " << role;
            else if (entry.method == http::verb::get)
                EXPECT_EQ(answer.status, 200) << name << " as " << role << ": " << answer.body;
            else
                EXPECT_TRUE(answer.status != 403 && !sent_to_signin(answer))
                    << name << " as " << role << ": " << answer.status;
        }
        // A coordinator of another unit: Amina and her conversation are not there for them,
        // and no page shows them.
        auto other = call(entry, "other");
        bool names_one = entry.path.find('{') != std::string::npos;
        if (std::find(expected.begin(), expected.end(), "coordinator") == expected.end())
            EXPECT_EQ(other.status, 403) << name << " from another unit";
        else if (names_one || entry.method == http::verb::post)
            EXPECT_TRUE(other.status == 404 || other.status == 403 || other.status == 422)
                << name << " from another unit: " << other.status;
        else
            EXPECT_EQ(other.status, 200) << name << " from another unit";
        EXPECT_EQ(other.body.find("Amina"), std::string::npos) << name << " from another unit";
    }
    EXPECT_EQ(walked, k_meant_pages.size());
}

// The hardening walk over the staff forms: each needs the session's CSRF token and a form
// token of ours for its own action, refuses a post from another site, and sets no cookie.
TEST_F(staff_page_roles, every_staff_form_needs_its_tokens_and_the_same_site) {
    std::size_t forms = 0;
    for (const auto& [name, entry] : page_routes()) {
        if (entry.method != http::verb::post || k_open_pages.contains(name)) continue;
        ++forms;
        auto who = k_meant_pages.at(name).front();
        EXPECT_EQ(call(entry, who, "0123456789abcdef").status, 403) << name << ": forged CSRF";
        EXPECT_EQ(call(entry, who, "", token_for("/staff/signin")).status, 403)
            << name << ": another form's token";
        EXPECT_EQ(call(entry, who, "", "", {{"Sec-Fetch-Site", "cross-site"}}).status, 403)
            << name << ": from another site";
        EXPECT_EQ(call(entry, who, "", "", {{"Origin", "https://elsewhere.example"}}).status, 403)
            << name << ": from another origin";
        auto allowed = call(entry, who);
        EXPECT_NE(allowed.status, 403) << name;
        EXPECT_EQ(allowed.header("set-cookie"), "") << name;
        EXPECT_EQ(allowed.header("cache-control"), "no-store") << name;
    }
    EXPECT_EQ(forms, std::size_t(std::count_if(
                         k_meant_pages.begin(), k_meant_pages.end(),
                         [](const auto& page) { return page.first.starts_with("POST "); })));
}

}  // namespace
}  // namespace samtal::testing
