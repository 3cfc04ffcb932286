// The statistics page for managers and coordinators, through the real binary: signed in with a
// staff account, the charts are SVG images with names, each with its numbers in a table,
// small counts show as "<3", the CSV link gives the API's numbers, and an advisor is refused.
#include <boost/json.hpp>

#include "integration/fixture.hpp"
#include "support/shell_command.hpp"
#include "support/staff_pages.hpp"

namespace samtal::testing {
namespace {

constexpr const char* k_password = "correct horse battery staple";

class statistics_page : public service_test {
protected:
    statistics_page() : service_test(staff_token_config() + service_config_text()) {}

    // A session cookie for a new account with `role`.
    std::string signed_in(const std::string& email, const std::string& role) {
        auto added =
            run_command(std::string(SAMTAL_BINARY) + " staff add --email " + email + " --role " +
                        role + " --unit test-unit --config " + service_.config_file().string() +
                        " --data-dir " + service_.data_dir().string());
        EXPECT_EQ(added.status, 0) << added.output;
        auto link = password_link_in(added.output);
        const std::map<std::string, std::string> form{
            {"Content-Type", "application/x-www-form-urlencoded"}};
        auto page = get("/staff/password?lang=en&link=" + link);
        http_request(service_.port(), "POST", "/staff/password",
                     "lang=en&link=" + link + "&password=" + form_encoded(k_password) +
                         "&form_token=" + form_encoded(form_token_in(page.body, "/staff/password")),
                     form);
        auto signin = get("/staff/signin?lang=en");
        auto answer = http_request(
            service_.port(), "POST", "/staff/signin",
            "lang=en&email=" + form_encoded(email) + "&password=" + form_encoded(k_password) +
                "&form_token=" + form_encoded(form_token_in(signin.body, "/staff/signin")),
            form);
        EXPECT_EQ(answer.status, 303) << answer.body;
        return cookie_pair(answer.header("set-cookie"));
    }
    static std::string today() {
        auto now = date::make_zoned("Europe/Stockholm", std::chrono::system_clock::now());
        return date::format("%Y-%m-%d", date::floor<date::days>(now.get_local_time()));
    }
};

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++count;
    return count;
}

TEST_F(statistics_page, shows_charts_with_their_numbers_in_tables_and_the_same_csv) {
    auto times = free_times();
    ASSERT_GE(times.size(), 5u);
    for (int i = 0; i < 5; ++i) {
        auto booking = phone_booking(times[std::size_t(i)]);
        if (i == 0) booking["parent_role"] = "father";
        ASSERT_EQ(post_json("/api/v1/bookings", booking).status, 201);
    }
    // The five conversations fall in the fortnight from today: two weeks at most.
    auto last = times[4].substr(0, 10);
    auto query = "from=" + today() + "&to=" + last + "&by=year";
    auto cookie = signed_in("maja@example.org", "manager");
    auto page = get("/staff/statistics?lang=en&" + query, {{"Cookie", cookie}});
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
    const auto& html = page.body;
    EXPECT_NE(html.find("<h1>Statistics</h1>"), std::string::npos);
    // Seven charts (channel, fathers, languages, interpreter, three questions), each an image
    // with a name and a table with a caption and headers.
    EXPECT_EQ(occurrences(html, "<svg "), 7u);
    EXPECT_EQ(occurrences(html, "role=\"img\""), 7u);
    EXPECT_EQ(occurrences(html, "<title id="), 7u);
    EXPECT_EQ(occurrences(html, "<table>"), 7u);
    EXPECT_EQ(occurrences(html, "<caption>"), 7u);
    EXPECT_EQ(occurrences(html, "<th scope=\"col\">"), 13u);  // no answers: just the period
    EXPECT_GE(occurrences(html, "<th scope=\"row\">"), 7u);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    // Five by phone, labelled with its number in the chart and in the table.
    EXPECT_NE(html.find(">Phone</text>"), std::string::npos);
    EXPECT_NE(html.find("<td>5</td>"), std::string::npos);
    // One father: hidden, and so is the share that would give him away.
    EXPECT_NE(html.find("<td>&lt;3</td>"), std::string::npos);
    EXPECT_NE(html.find("not shown (small numbers)"), std::string::npos);
    // The CSV link keeps the query, and gives the API's CSV byte for byte.
    EXPECT_NE(html.find("href=\"/staff/statistics.csv?from=" + today() + "&amp;to=" + last +
                        "&amp;by=year&amp;lang=en\""),
              std::string::npos)
        << html;
    auto csv = get("/staff/statistics.csv?" + query + "&lang=en", {{"Cookie", cookie}});
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv.header("content-disposition").find("attachment"), std::string::npos);
    auto api = get("/api/v1/staff/statistics.csv?" + query,
                   {{"Authorization", std::string("Bearer ") + k_manager}});
    ASSERT_EQ(api.status, 200);
    EXPECT_EQ(csv.body, api.body);
    EXPECT_NE(csv.body.find(",total,bookings,5\r\n"), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find(",parent_role,father,<3\r\n"), std::string::npos) << csv.body;

    // In Swedish, per week; a question it cannot answer says why.
    auto swedish = get("/staff/statistics?lang=sv&by=week&" + query.substr(0, query.find("&by")),
                       {{"Cookie", cookie}});
    EXPECT_EQ(swedish.status, 200);
    EXPECT_NE(swedish.body.find("<h1>Statistik</h1>"), std::string::npos);
    auto refused = get("/staff/statistics?lang=en&from=someday&to=" + last, {{"Cookie", cookie}});
    EXPECT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("from: invalid_date"), std::string::npos);
    EXPECT_EQ(refused.body.find("<svg"), std::string::npos);
}

TEST_F(statistics_page, is_for_managers_and_coordinators_only) {
    EXPECT_EQ(get("/staff/statistics?lang=en").status, 303);
    EXPECT_EQ(get("/staff/statistics.csv?lang=en").status, 303);
    auto coordinator = signed_in("cora@example.org", "coordinator");
    // The week's page leads there.
    auto week = get("/staff?lang=en", {{"Cookie", coordinator}});
    EXPECT_NE(week.body.find("<a href=\"/staff/statistics?lang=en\">Statistics</a>"),
              std::string::npos);
    EXPECT_EQ(get("/staff/statistics?lang=en", {{"Cookie", coordinator}}).status, 200);
    auto advisor = signed_in("amina@example.org", "advisor --advisor amina");
    EXPECT_EQ(get("/staff/statistics?lang=en", {{"Cookie", advisor}}).status, 403);
    EXPECT_EQ(get("/staff?lang=en", {{"Cookie", advisor}}).body.find("/staff/statistics"),
              std::string::npos);
    auto csv = get("/staff/statistics.csv?lang=en", {{"Cookie", advisor}});
    EXPECT_EQ(csv.status, 403);
    EXPECT_EQ(csv.body.find("period,from"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
