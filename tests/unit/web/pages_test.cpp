// The parent's pages built with a booking core on a fake repository and called with requests,
// without the binary: what a page answers and what a post changes.
#include <gtest/gtest.h>

#include "service/web/routes.hpp"
#include "support/edge_harness.hpp"

namespace samtal {
namespace {

using testing::edge_harness;
using testing::make_request;

constexpr std::string_view k_form = "application/x-www-form-urlencoded";

class web_pages : public ::testing::Test {
protected:
    web_pages() {
        add_web_routes({h_.settings.units, h_.roster, h_.bookings, h_.follow_ups, h_.messages,
                        h_.form_tokens, h_.calendars, h_.cache, h_.stats, h_.log, h_.run_blocking},
                       h_.routes);
    }

    std::string token_for(std::string_view action) const {
        return h_.form_tokens.issue(action, h_.now);
    }

    reply post(std::string target, const std::string& fields) {
        return h_.call(make_request(http::verb::post, target, std::string(k_form),
                                    "form_token=" + token_for(target) + "&lang=en&" + fields));
    }

    static std::string body_of(const reply& answer) {
        std::string body;
        for (auto part : answer.body_parts()) body += part;
        return body;
    }

    edge_harness h_;
};

const std::string k_phone_booking =
    "unit=test-unit&start=2026-11-30T09%3A00%3A00%2B01%3A00&channel=phone&phone=070-123+45+67";

TEST_F(web_pages, the_form_is_an_html_page_nothing_may_keep_with_a_token_for_each_answer) {
    auto first = h_.call(make_request(http::verb::get, "/?lang=en"));
    EXPECT_EQ(first.result(), http::status::ok);
    EXPECT_EQ(first[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(first[http::field::cache_control], "no-store");
    EXPECT_NE(first["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
    auto page = body_of(first);
    EXPECT_NE(page.find("Test unit"), std::string::npos);
    EXPECT_NE(page.find(R"(name="form_token" value=")" + token_for("/book")), std::string::npos);
    // The second answer comes from the kept page.
    EXPECT_EQ(body_of(h_.call(make_request(http::verb::get, "/?lang=en"))), page);
}

TEST_F(web_pages, a_post_without_a_valid_token_is_refused_and_books_nothing) {
    auto answer = h_.call(make_request(http::verb::post, "/book", std::string(k_form),
                                       "form_token=forged&" + k_phone_booking));
    EXPECT_EQ(answer.result(), http::status::forbidden);
    EXPECT_TRUE(h_.repository.bookings().empty());
}

TEST_F(web_pages, a_post_from_another_site_is_refused_even_with_a_token) {
    auto req = make_request(http::verb::post, "/book", std::string(k_form),
                            "form_token=" + token_for("/book") + "&" + k_phone_booking);
    req.set("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(h_.call(std::move(req)).result(), http::status::forbidden);
    EXPECT_TRUE(h_.repository.bookings().empty());
}

TEST_F(web_pages, a_booking_answers_the_confirmation_and_a_taken_time_the_form_again) {
    auto booked = post("/book", k_phone_booking);
    EXPECT_EQ(booked.result(), http::status::ok);
    ASSERT_EQ(h_.repository.bookings().size(), 1u);
    EXPECT_NE(body_of(booked).find("<h1"), std::string::npos);

    // Both advisors work at 09:00 on Mondays; a third booking finds the time taken.
    EXPECT_EQ(post("/book", k_phone_booking).result(), http::status::ok);
    EXPECT_EQ(post("/book", k_phone_booking).result(), http::status::conflict);
    EXPECT_EQ(h_.repository.bookings().size(), 2u);
}

TEST_F(web_pages, wrong_input_answers_the_form_with_its_errors) {
    auto answer = post("/book", "unit=test-unit&channel=phone");
    EXPECT_EQ(answer.result(), http::status::unprocessable_entity);
    EXPECT_TRUE(h_.repository.bookings().empty());
}

TEST_F(web_pages, an_unknown_code_answers_the_find_page_with_not_found) {
    EXPECT_EQ(post("/booking", "code=AAAA-BBBB-CCCC").result(), http::status::not_found);
}

TEST_F(web_pages, an_unknown_unit_answers_a_404_page) {
    auto answer = h_.call(make_request(http::verb::get, "/unit?unit=nowhere&lang=en"));
    EXPECT_EQ(answer.result(), http::status::not_found);
    EXPECT_EQ(answer[http::field::content_type], "text/html; charset=utf-8");
}

TEST_F(web_pages, static_files_carry_their_type_and_may_be_cached) {
    auto answer = h_.call(make_request(http::verb::get, "/favicon.ico"));
    EXPECT_EQ(answer.result(), http::status::ok);
    EXPECT_EQ(answer[http::field::content_type], "image/x-icon");
    EXPECT_EQ(answer[http::field::cache_control], "public, max-age=86400");
}

}  // namespace
}  // namespace samtal
