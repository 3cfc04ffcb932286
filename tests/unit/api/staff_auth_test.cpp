#include "service/api/staff_auth.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

namespace samtal {
namespace {

staff_token token(std::string name, std::string role, const std::string& secret) {
    staff_token known{std::move(name), std::move(role), {}};
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
           known.sha256.data());
    return known;
}

request with_authorization(std::string value) {
    request req{http::verb::get, "/api/v1/staff/deliveries", 11};
    if (!value.empty()) req.set(http::field::authorization, value);
    return req;
}

TEST(staff_auth, a_known_bearer_token_has_its_role_and_anything_else_none) {
    std::vector<staff_token> known{token("ops", "operator", "s3cret-ops"),
                                   token("anna", "advisor", "s3cret-anna")};
    staff_auth staff(known);
    EXPECT_EQ(staff.role_of(with_authorization("Bearer s3cret-ops")), "operator");
    EXPECT_EQ(staff.role_of(with_authorization("Bearer s3cret-anna")), "advisor");
    EXPECT_EQ(staff.role_of(with_authorization("Bearer s3cret")), std::nullopt);
    EXPECT_EQ(staff.role_of(with_authorization("Basic s3cret-ops")), std::nullopt);
    EXPECT_EQ(staff.role_of(with_authorization("")), std::nullopt);
}

TEST(staff_auth, refuses_without_a_token_with_401_and_another_role_with_403) {
    std::vector<staff_token> known{token("anna", "advisor", "s3cret-anna")};
    staff_auth staff(known);
    auto messages = message_catalog::embedded();
    problem_wording problems(messages);
    std::optional<reply> answer;
    auto respond = [&](reply res) { answer = std::move(res); };

    EXPECT_TRUE(staff.refuse_unless(with_authorization(""), respond, problems, {"operator"}));
    EXPECT_EQ(answer->result(), http::status::unauthorized);
    EXPECT_TRUE(staff.refuse_unless(with_authorization("Bearer s3cret-anna"), respond, problems,
                                    {"operator", "manager"}));
    EXPECT_EQ(answer->result(), http::status::forbidden);
    answer.reset();
    EXPECT_FALSE(staff.refuse_unless(with_authorization("Bearer s3cret-anna"), respond, problems,
                                     {"advisor"}));
    EXPECT_FALSE(answer);
}

}  // namespace
}  // namespace samtal
