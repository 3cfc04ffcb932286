#include "service/core/validation.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

TEST(join_link, accepts_the_platforms_own_https_links) {
    struct case_t {
        const char* platform;
        const char* link;
    } cases[] = {
        {"zoom", "https://zoom.us/j/81234567890?pwd=abc"},
        {"zoom", "https://us02web.zoom.us/j/81234567890"},
        {"zoom", "https://example.zoomgov.com/j/1612345678"},
        {"teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"},
        {"teams", "https://teams.live.com/meet/9876543210123?p=abcdef"},
        {"skype", "https://teams.live.com/meet/9876543210123?p=abcdef"},
        {"facetime", "https://facetime.apple.com/join#v=1&p=AbCd+eF&k=xyz"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.link);
        auto checked = check_join_link(c.platform, c.link);
        EXPECT_TRUE(checked.link) << checked.error_code;
    }
}

TEST(join_link, refuses_look_alikes_and_other_schemes) {
    struct case_t {
        const char* platform;
        const char* link;
        const char* code;
    } cases[] = {
        {"zoom", "http://zoom.us/j/81234567890", "invalid_link"},
        {"zoom", "javascript:alert(1)", "invalid_link"},
        {"zoom", "https://zoom.us.evil.example/j/81234567890", "wrong_platform"},
        {"zoom", "https://evilzoom.us/j/81234567890", "wrong_platform"},
        {"zoom", "https://zoom.us@evil.example/j/1", "invalid_link"},
        {"zoom", "https://user:pass@zoom.us/j/1", "invalid_link"},
        {"zoom", "https://zoom.us:8443/j/1", "invalid_link"},
        {"zoom", "https://127.0.0.1/j/1", "invalid_link"},
        {"teams", "https://zoom.us/j/81234567890", "wrong_platform"},
        {"skype", "https://join.skype.com/abcdef", "skype_retired"},
        {"zoom", "not a link", "invalid_link"},
        {"zoom", "", "invalid_link"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.link);
        auto checked = check_join_link(c.platform, c.link);
        EXPECT_FALSE(checked.link);
        EXPECT_EQ(checked.error_code, c.code);
    }
    EXPECT_EQ(check_join_link("zoom", "https://zoom.us/j/1?x=" + std::string(3000, 'a')).error_code,
              "invalid_link");
}

TEST(phone_number, normalises_swedish_and_international_numbers) {
    EXPECT_EQ(normalise_phone("070-123 45 67"), "+46701234567");
    EXPECT_EQ(normalise_phone("+46 70 123 45 67"), "+46701234567");
    EXPECT_EQ(normalise_phone("0046701234567"), "+46701234567");
    EXPECT_EQ(normalise_phone("+252 61 234 5678"), "+252612345678");
}

TEST(phone_number, refuses_what_is_not_a_number) {
    for (const char* text : {"", "12345", "abc", "+46 70 123 45 67 89 01 23", "070-123 45 67; DROP",
                             "++46701234567", "+0701234567"}) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(normalise_phone(text));
    }
}

}  // namespace
}  // namespace samtal
