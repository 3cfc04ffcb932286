// Every staff route, as the router's table has it, called with every role, with another
// unit's identity and with none: the table's roles decide who gets past, and nobody reaches
// another unit's data.
#include <future>

#include "integration/fixture.hpp"
#include "service/app/application.hpp"

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

}  // namespace
}  // namespace samtal::testing
