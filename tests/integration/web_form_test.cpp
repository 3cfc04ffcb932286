// The parent's pages without JavaScript: every step is a form POST to the real binary.
#include <regex>

#include "integration/fixture.hpp"

namespace samtal::testing {
namespace {

class web_form : public service_test {
protected:
    http_answer post_form(const std::string& target, const std::string& body,
                          std::map<std::string, std::string> headers = {}) {
        headers.emplace("Content-Type", "application/x-www-form-urlencoded");
        return http_request(service_.port(), "POST", target, body, headers);
    }

    // The booking code as the confirmation page shows it.
    static std::string code_on(const std::string& page) {
        std::smatch match;
        if (!std::regex_search(page, match,
                               std::regex("class=\"booking-code\"[^>]*>([0-9A-Z-]{34})<")))
            return "";
        return match[1];
    }

    // The first free time the form offers, as its radio button's value.
    std::string first_offered_time() {
        auto form = get("/");
        std::smatch match;
        if (!std::regex_search(form.body, match, std::regex("name=\"start\" value=\"([^\"]+)\"")))
            return "";
        return match[1];
    }
};

std::string encoded(const std::string& text) {
    std::string out;
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

TEST_F(web_form, the_form_is_served_in_the_negotiated_language) {
    auto sv = get("/");
    ASSERT_EQ(sv.status, 200);
    EXPECT_NE(sv.header("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(sv.body.find("lang=\"sv\""), std::string::npos);
    auto en = get("/?lang=en");
    EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
    auto accept = get("/", {{"Accept-Language", "en-GB,en;q=0.9"}});
    EXPECT_NE(accept.body.find("lang=\"en\""), std::string::npos);
    // Every page says what is stored; the privacy page exists in both languages.
    EXPECT_EQ(get("/privacy?lang=en").status, 200);
    EXPECT_EQ(get("/static/style.css").status, 200);
}

TEST_F(web_form, book_find_move_and_cancel_without_javascript) {
    auto start = first_offered_time();
    ASSERT_FALSE(start.empty());
    auto confirmation =
        post_form("/book", "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                               encoded(start) + "&parent_role=unspecified");
    ASSERT_EQ(confirmation.status, 200) << confirmation.body.substr(0, 2000);
    auto code = code_on(confirmation.body);
    ASSERT_FALSE(code.empty()) << confirmation.body;
    // The page never echoes the number it was given.
    EXPECT_EQ(confirmation.body.find("123 45 67"), std::string::npos);

    auto found = post_form("/booking", "lang=en&code=" + encoded(code));
    ASSERT_EQ(found.status, 200);
    auto calendar = post_form("/booking/calendar.ics", "lang=en&code=" + encoded(code));
    ASSERT_EQ(calendar.status, 200);
    EXPECT_NE(calendar.body.find("BEGIN:VCALENDAR"), std::string::npos);

    auto times = post_form("/booking/move", "lang=en&code=" + encoded(code));
    ASSERT_EQ(times.status, 200);
    std::string other;
    std::regex offered("name=\"start\" value=\"([^\"]+)\"");
    for (std::sregex_iterator it(times.body.begin(), times.body.end(), offered), end; it != end;
         ++it)
        if ((*it)[1] != start) {
            other = (*it)[1];
            break;
        }
    ASSERT_FALSE(other.empty());
    auto moved = post_form("/booking/move",
                           "lang=en&choose=yes&code=" + encoded(code) + "&start=" + encoded(other));
    EXPECT_EQ(moved.status, 200) << moved.body.substr(0, 2000);

    auto asked = post_form("/booking/cancel", "lang=en&code=" + encoded(code));
    EXPECT_EQ(asked.status, 200);
    EXPECT_EQ(post_form("/booking", "lang=en&code=" + encoded(code)).status, 200)
        << "asking is not cancelling";
    auto cancelled = post_form("/booking/cancel", "lang=en&confirm=yes&code=" + encoded(code));
    EXPECT_EQ(cancelled.status, 200);
    EXPECT_EQ(post_form("/booking", "lang=en&code=" + encoded(code)).status, 404);
}

TEST_F(web_form, wrong_input_is_answered_next_to_its_field_and_books_nothing) {
    auto start = first_offered_time();
    auto page = post_form(
        "/book", "lang=en&unit=test-unit&channel=phone&phone=call+me&start=" + encoded(start));
    EXPECT_EQ(page.status, 422);
    EXPECT_NE(page.body.find("aria-describedby"), std::string::npos);
    EXPECT_NE(page.body.find("aria-invalid=\"true\""), std::string::npos);
    EXPECT_EQ(first_offered_time(), start);
    auto unknown = post_form("/booking", "lang=en&code=0000-0000-0000-0000-0000-0000-0000");
    auto malformed = post_form("/booking", "lang=en&code=%3Cscript%3E");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(malformed.status, 404);
    EXPECT_EQ(malformed.body.find("<script>"), std::string::npos);
}

TEST_F(web_form, text_from_the_request_is_escaped) {
    auto page = post_form(
        "/book", "lang=en&unit=test-unit&channel=video&platform=zoom&hosting=parent&join_link=" +
                     encoded("\"><script>alert(1)</script>") + "&start=x");
    EXPECT_EQ(page.status, 422);
    EXPECT_EQ(page.body.find("<script>alert(1)</script>"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
