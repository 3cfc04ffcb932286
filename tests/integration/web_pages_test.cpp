// What a browser meets besides the booking steps: the icon it asks for unasked, the page for a
// path that does not exist, links that say where they go, and the accessibility statement.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "integration/fixture.hpp"
#include "service/i18n/messages.hpp"

namespace samtal::testing {
namespace {

constexpr const char* k_browser_accept =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

class web_pages : public service_test {
protected:
    explicit web_pages(const std::string& unit_keys = "")
        : service_test(service_config_text("", "", unit_keys)) {}

    // A page as a browser asks for it.
    http_answer page(const std::string& target, const std::string& language = "") {
        std::map<std::string, std::string> headers{{"Accept", k_browser_accept}};
        if (!language.empty()) headers.emplace("Accept-Language", language);
        return get(target, headers);
    }

    const message_catalog messages_ = message_catalog::embedded();
};

// A unit that names its own contact for the accessibility statement.
class accessibility_statement : public web_pages {
protected:
    accessibility_statement()
        : web_pages(
              "\n  [units.accessibility]\n  email = \"access@example.org\"\n"
              "  phone = \"08-123 456 00\"\n") {}
};

TEST_F(web_pages, the_favicon_is_the_embedded_icon) {
    std::ifstream file(SAMTAL_SOURCE_DIR "/service/web/static/favicon.ico", std::ios::binary);
    std::stringstream icon;
    icon << file.rdbuf();
    auto answer = get("/favicon.ico");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.header("content-type"), "image/x-icon");
    EXPECT_EQ(answer.body, icon.str());
}

TEST_F(web_pages, an_unknown_path_asked_for_as_a_page_gets_a_page_in_the_visitors_language) {
    auto english = page("/no/such/page", "en-GB,en;q=0.9");
    EXPECT_EQ(english.status, 404);
    EXPECT_EQ(english.header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(english.body.find("<html lang=\"en\""), std::string::npos) << english.body;
    EXPECT_NE(english.body.find(messages_.text("en", "error_page.not_found_heading")),
              std::string::npos);
    // The way back.
    EXPECT_NE(english.body.find("<a href=\"/?lang=en\">" + messages_.text("en", "error_page.home")),
              std::string::npos);
    // ?lang= wins over Accept-Language, as on every page.
    EXPECT_NE(page("/no/such/page?lang=ar", "en").body.find("<html lang=\"ar\" dir=\"rtl\""),
              std::string::npos);
    // Nothing of the path comes back.
    EXPECT_EQ(page("/%3Cscript%3E", "en").body.find("script%3E"), std::string::npos);

    // API clients still get the problem.
    for (const auto& accept : {std::string(), std::string("application/json")}) {
        SCOPED_TRACE(accept);
        auto api = get("/no/such/page",
                       accept.empty() ? std::map<std::string, std::string>{}
                                      : std::map<std::string, std::string>{{"Accept", accept}});
        EXPECT_EQ(api.status, 404);
        EXPECT_EQ(api.header("content-type"), "application/problem+json");
    }
    auto head =
        http_request(service_.port(), "HEAD", "/no/such/page", "", {{"Accept", k_browser_accept}});
    EXPECT_EQ(head.status, 404);
    EXPECT_EQ(head.body, "");
}

// Lighthouse's "links have the same text but different targets": a reader who meets two links
// with one name expects one place behind them.
TEST_F(web_pages, links_with_the_same_text_go_to_the_same_place) {
    std::regex link("<a\\s([^>]*)>([^<]*)</a>"), href("href=\"([^\"]*)\"");
    for (const auto* target : {"/", "/unit", "/unit?unit=test-unit", "/booking", "/privacy",
                               "/accessibility", "/no/such/page"}) {
        SCOPED_TRACE(target);
        auto body = page(target, "sv").body;
        std::map<std::string, std::set<std::string>> targets;
        for (std::sregex_iterator it(body.begin(), body.end(), link), end; it != end; ++it) {
            std::smatch found;
            auto attributes = (*it)[1].str();
            if (std::regex_search(attributes, found, href)) targets[(*it)[2]].insert(found[1]);
        }
        EXPECT_FALSE(targets.empty());
        for (const auto& [text, hrefs] : targets)
            EXPECT_EQ(hrefs.size(), 1u)
                << "\"" << text << "\" goes to " << *hrefs.begin() << " and " << *hrefs.rbegin();
    }
}

TEST_F(accessibility_statement, is_in_every_language_with_the_units_contact) {
    for (const auto& language : messages_.languages()) {
        SCOPED_TRACE(language);
        auto statement = page("/accessibility?lang=" + language);
        ASSERT_EQ(statement.status, 200);
        const auto& body = statement.body;
        EXPECT_NE(body.find("<html lang=\"" + language + "\""), std::string::npos);
        EXPECT_NE(body.find(messages_.text(language, "accessibility.heading")), std::string::npos);
        EXPECT_NE(body.find(messages_.text(language, "accessibility.complain.link")),
                  std::string::npos);
        // The unit's own name in the introduction, and its contact.
        EXPECT_NE(body.find("Test unit"), std::string::npos);
        EXPECT_NE(body.find("<a href=\"mailto:access@example.org\">access@example.org</a>"),
                  std::string::npos);
        EXPECT_NE(body.find("<a href=\"tel:+46812345600\">08-123 456 00</a>"), std::string::npos)
            << body;
        // Where to complain: the supervisory authority.
        EXPECT_NE(body.find("href=\"https://www.digg.se/tdosanmalan\""), std::string::npos);
        // Every language has its own words for it, not the Swedish fallback.
        if (language != messages_.default_language()) {
            EXPECT_NE(messages_.text(language, "accessibility.gaps.time_limit"),
                      messages_.text("sv", "accessibility.gaps.time_limit"));
        }
    }
}

TEST_F(accessibility_statement, is_linked_from_every_pages_footer) {
    for (const auto& language : messages_.languages()) {
        SCOPED_TRACE(language);
        auto footer_link = "<a href=\"/accessibility?lang=" + language + "\">" +
                           messages_.text(language, "layout.accessibility") + "</a>";
        for (const auto* target : {"/", "/unit", "/booking", "/privacy", "/no/such/page"}) {
            SCOPED_TRACE(target);
            auto body = page(std::string(target) + "?lang=" + language).body;
            auto footer = body.substr(body.find("<footer"));
            EXPECT_NE(footer.find(footer_link), std::string::npos) << footer;
        }
    }
}

}  // namespace
}  // namespace samtal::testing
