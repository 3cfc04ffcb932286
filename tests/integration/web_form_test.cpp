#include "integration/fixture.hpp"

namespace samtal::testing {
namespace {

class web_form : public service_test {};

TEST_F(web_form, the_form_is_served_in_the_negotiated_language) {
    auto sv = get("/");
    ASSERT_EQ(sv.status, 200);
    EXPECT_NE(sv.header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(sv.body.find("lang=\"sv\""), std::string::npos);
    auto en = get("/?lang=en");
    EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
    auto accept = get("/", {{"Accept-Language", "en-GB,en;q=0.9"}});
    EXPECT_NE(accept.body.find("lang=\"en\""), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
