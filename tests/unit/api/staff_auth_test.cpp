#include "service/api/staff_auth.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

namespace samtal {
namespace {

staff_token token(staff_identity who, const std::string& secret) {
    staff_token known{std::move(who), {}};
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
           known.sha256.data());
    return known;
}

request with_authorization(std::string value, std::string target = "/api/v1/staff/deliveries") {
    request req{http::verb::get, target, 11};
    if (!value.empty()) req.set(http::field::authorization, value);
    return req;
}

TEST(staff_auth, a_known_bearer_token_has_its_identity_and_anything_else_none) {
    std::vector<staff_token> known{token({"ops", "operator", "", ""}, "s3cret-ops"),
                                   token({"anna", "advisor", "north", "anna"}, "s3cret-anna")};
    staff_auth staff(known);
    EXPECT_EQ(staff.identify(with_authorization("Bearer s3cret-ops"))->role, "operator");
    auto anna = staff.identify(with_authorization("Bearer s3cret-anna"));
    ASSERT_TRUE(anna);
    EXPECT_EQ(anna->role, "advisor");
    EXPECT_EQ(anna->unit, "north");
    EXPECT_EQ(anna->advisor, "anna");
    EXPECT_FALSE(staff.identify(with_authorization("Bearer s3cret")));
    EXPECT_FALSE(staff.identify(with_authorization("Basic s3cret-ops")));
    EXPECT_FALSE(staff.identify(with_authorization("")));
}

TEST(staff_auth, the_route_refuses_no_token_with_401_another_role_or_unit_with_403) {
    std::vector<staff_token> known{token({"anna", "advisor", "north", "anna"}, "s3cret-anna")};
    staff_auth staff(known);
    auto messages = message_catalog::embedded();
    problem_wording problems(messages);
    std::optional<staff_identity> reached;
    auto make = [&](std::vector<std::string> roles) {
        return staff_route(
            http::verb::get, "/api/v1/staff/advisors", 0, std::move(roles), staff, problems,
            [&](request&&, respond_fn, const staff_identity& who) { reached = who; });
    };
    std::optional<reply> answer;
    auto respond = [&](reply res) { answer = std::move(res); };

    auto for_operators = make({"operator"});
    EXPECT_EQ(for_operators.roles, std::vector<std::string>{"operator"});
    for_operators.handler(with_authorization(""), respond);
    EXPECT_EQ(answer->result(), http::status::unauthorized);
    for_operators.handler(with_authorization("Bearer s3cret-anna"), respond);
    EXPECT_EQ(answer->result(), http::status::forbidden);
    EXPECT_FALSE(reached);

    auto for_advisors = make({"advisor"});
    answer.reset();
    for_advisors.handler(
        with_authorization("Bearer s3cret-anna", "/api/v1/staff/advisors?unit=south"), respond);
    EXPECT_EQ(answer->result(), http::status::forbidden);
    EXPECT_FALSE(reached);
    answer.reset();
    for_advisors.handler(
        with_authorization("Bearer s3cret-anna", "/api/v1/staff/advisors?unit=north"), respond);
    EXPECT_FALSE(answer);
    ASSERT_TRUE(reached);
    EXPECT_EQ(reached->name, "anna");
}

}  // namespace
}  // namespace samtal
