// The parent's pages without JavaScript: every step is a form POST to the real binary.
#include <libical/ical.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <vector>

#include "integration/fixture.hpp"
#include "service/web/form_token.hpp"
#include "support/meeting_provider_fake.hpp"
#include "support/temp_dir.hpp"
#include "support/twilio_fake.hpp"

namespace samtal::testing {
namespace {

class web_form : public service_test {
protected:
    using service_test::service_test;

    // The booking code as the confirmation page shows it.
    static std::string code_on(const std::string& page) {
        std::smatch match;
        if (!std::regex_search(page, match, std::regex("name=\"code\" value=\"([0-9A-Z-]{34})\"")))
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
    auto privacy = get("/privacy?lang=en");
    EXPECT_EQ(privacy.status, 200);
    // No unit here has a phone service, so the page names none.
    EXPECT_EQ(privacy.body.find("phone service"), std::string::npos);
    EXPECT_EQ(get("/static/style.css").status, 200);
}

TEST_F(web_form, book_find_move_and_cancel_without_javascript) {
    auto start = first_offered_time();
    ASSERT_FALSE(start.empty());
    auto confirmation =
        post_form("/book", "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                               form_encoded(start) + "&parent_role=unspecified");
    ASSERT_EQ(confirmation.status, 200) << confirmation.body.substr(0, 2000);
    auto code = code_on(confirmation.body);
    ASSERT_FALSE(code.empty()) << confirmation.body;
    // The page never echoes the number it was given.
    EXPECT_EQ(confirmation.body.find("123 45 67"), std::string::npos);

    auto found = post_form("/booking", "lang=en&code=" + form_encoded(code));
    ASSERT_EQ(found.status, 200);
    auto calendar = post_form("/booking/calendar.ics", "lang=en&code=" + form_encoded(code));
    ASSERT_EQ(calendar.status, 200);
    EXPECT_NE(calendar.body.find("BEGIN:VCALENDAR"), std::string::npos);

    auto times = post_form("/booking/move", "lang=en&code=" + form_encoded(code));
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
    auto moved = post_form("/booking/move", "lang=en&choose=yes&code=" + form_encoded(code) +
                                                "&start=" + form_encoded(other));
    EXPECT_EQ(moved.status, 200) << moved.body.substr(0, 2000);

    auto asked = post_form("/booking/cancel", "lang=en&code=" + form_encoded(code));
    EXPECT_EQ(asked.status, 200);
    EXPECT_EQ(post_form("/booking", "lang=en&code=" + form_encoded(code)).status, 200)
        << "asking is not cancelling";
    auto cancelled = post_form("/booking/cancel", "lang=en&confirm=yes&code=" + form_encoded(code));
    EXPECT_EQ(cancelled.status, 200);
    EXPECT_EQ(post_form("/booking", "lang=en&code=" + form_encoded(code)).status, 404);
}

TEST_F(web_form, wrong_input_is_answered_next_to_its_field_and_books_nothing) {
    auto start = first_offered_time();
    auto page = post_form(
        "/book", "lang=en&unit=test-unit&channel=phone&phone=call+me&start=" + form_encoded(start));
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

TEST_F(web_form, the_interpreter_gender_wish_is_offered_and_checked_against_its_list) {
    auto form = get("/?lang=en&unit=test-unit");
    EXPECT_NE(form.body.find("name=\"interpreter_gender\""), std::string::npos);
    EXPECT_NE(form.body.find("<option value=\"female\">A woman</option>"), std::string::npos);
    auto start = first_offered_time();
    auto booking =
        "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&language=ar"
        "&interpreter=yes&start=" +
        form_encoded(start);
    auto refused = post_form("/book", booking + "&interpreter_gender=robot");
    EXPECT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("id=\"interpreter_gender-error\""), std::string::npos);
    EXPECT_EQ(first_offered_time(), start);
    auto booked = post_form("/book", booking + "&interpreter_gender=female");
    EXPECT_EQ(booked.status, 200) << booked.body.substr(0, 2000);
}

TEST_F(web_form, text_from_the_request_is_escaped) {
    auto page = post_form(
        "/book", "lang=en&unit=test-unit&channel=video&platform=zoom&hosting=parent&join_link=" +
                     form_encoded("\"><script>alert(1)</script>") + "&start=x");
    EXPECT_EQ(page.status, 422);
    EXPECT_EQ(page.body.find("<script>alert(1)</script>"), std::string::npos);
}

TEST_F(web_form, the_confirmation_shows_the_code_in_groups_and_says_when_the_advisor_calls) {
    auto start = first_offered_time();
    auto page =
        post_form("/book", "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                               form_encoded(start));
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
    auto code = code_on(page.body);
    ASSERT_FALSE(code.empty());
    // Seven groups of four, each kept whole on a narrow screen.
    std::string shown;
    std::regex group("<span class=\"code-group\">([0-9A-Z]{4})");
    for (std::sregex_iterator it(page.body.begin(), page.body.end(), group), end; it != end; ++it)
        shown += (shown.empty() ? "" : "-") + (*it)[1].str();
    EXPECT_EQ(shown, code);
    // "The advisor will call the number you gave us at 10:00 on Tuesday 1 December 2026."
    auto clock = start.substr(11, 5);
    EXPECT_NE(page.body.find("will call the number you gave us at " + clock + " on "),
              std::string::npos)
        << page.body;
    EXPECT_NE(page.body.find("action=\"/booking/calendar.ics\""), std::string::npos);

    auto video = post_form(
        "/book", "lang=en&unit=test-unit&channel=video&platform=zoom&hosting=parent&join_link=" +
                     form_encoded("https://us02web.zoom.us/j/81234567890") +
                     "&start=" + form_encoded(first_offered_time()));
    ASSERT_EQ(video.status, 200) << video.body.substr(0, 2000);
    EXPECT_NE(video.body.find("start your Zoom meeting"), std::string::npos);
    EXPECT_NE(video.body.find("let the advisor in to your call"), std::string::npos);
}

// Swedish writes weekdays in lower case: "ringer dig tisdag 1 december", but "Tisdag 1 december"
// where the date stands first on its line.
TEST_F(web_form, weekday_names_are_lower_case_mid_sentence_and_capitalised_where_a_line_begins) {
    const std::string days = "(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)";
    const std::string capital_days = "(Måndag|Tisdag|Onsdag|Torsdag|Fredag|Lördag|Söndag)";
    auto form = get("/?lang=sv");
    EXPECT_TRUE(std::regex_search(form.body, std::regex("<legend>" + capital_days + " \\d")))
        << form.body;
    EXPECT_FALSE(std::regex_search(form.body, std::regex("<legend>" + days)));

    auto page =
        post_form("/book", "lang=sv&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                               form_encoded(first_offered_time()));
    ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
    EXPECT_TRUE(std::regex_search(page.body, std::regex("Rådgivaren ringer dig " + days + " \\d")))
        << page.body;
    EXPECT_TRUE(
        std::regex_search(page.body, std::regex("<p class=\"lead\">" + capital_days + " \\d")))
        << page.body;

    auto unit = get("/unit?unit=test-unit&lang=sv");
    EXPECT_NE(unit.body.find("<dt>Måndag</dt>"), std::string::npos) << unit.body;
}

TEST_F(web_form, the_unit_page_shows_its_offices_and_opening_hours_from_the_config) {
    auto page = get("/unit?unit=test-unit&lang=en");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<h1>Test unit</h1>"), std::string::npos);
    EXPECT_NE(page.body.find("Rinkeby"), std::string::npos);
    EXPECT_NE(page.body.find("<dt>Monday</dt>"), std::string::npos) << page.body;
    EXPECT_EQ(get("/unit?unit=nowhere").status, 404);
    auto arabic = get("/unit?unit=test-unit&lang=ar");
    EXPECT_NE(arabic.body.find("dir=\"rtl\""), std::string::npos);
    EXPECT_NE(arabic.body.find("من "), std::string::npos) << "Arabic writes spans as من … إلى …";
}

// ----- forms only count when they come from our own pages (CSRF) -----

TEST_F(web_form, a_token_taken_from_the_page_is_accepted) {
    auto form = get("/?lang=en");
    auto token = token_on(form.body, "/book");
    ASSERT_FALSE(token.empty()) << form.body;
    auto start = first_offered_time();
    auto page =
        post_form("/book", "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                               form_encoded(start) + "&form_token=" + form_encoded(token));
    EXPECT_EQ(page.status, 200);
    EXPECT_FALSE(code_on(page.body).empty());
    // A browser that says the post is its own page's.
    auto find = get("/booking?lang=en");
    auto same_origin = post_form(
        "/booking", "lang=en&code=0000&form_token=" + form_encoded(token_on(find.body, "/booking")),
        {{"Sec-Fetch-Site", "same-origin"}, {"Origin", "null"}});
    EXPECT_EQ(same_origin.status, 404) << "a code that finds nothing, not a refusal";
}

TEST_F(web_form, the_form_follows_every_booking_change_at_once) {
    auto offered_times = [&] {
        auto form = get("/?lang=en");
        EXPECT_EQ(form.status, 200);
        std::vector<std::string> times;
        std::regex start("name=\"start\" value=\"([^\"]+)\"");
        for (std::sregex_iterator at(form.body.begin(), form.body.end(), start), end; at != end;
             ++at)
            times.push_back((*at)[1]);
        return times;
    };
    // Asked twice first, so that the page is one the service keeps.
    offered_times();
    auto times = offered_times();
    ASSERT_GE(times.size(), 2u);
    auto time = times.front();
    auto offered = [&](const std::string& start) {
        auto now = offered_times();
        return std::find(now.begin(), now.end(), start) != now.end();
    };
    // Booked with the token of the kept page, until no advisor is left for the time (one or two
    // bookings in the test unit).
    auto book = [&] {
        auto token = token_on(get("/?lang=en").body, "/book");
        return post_form("/book",
                         "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                             form_encoded(time) + "&form_token=" + form_encoded(token));
    };
    std::vector<std::string> codes;
    while (offered(time) && codes.size() < 3) {
        auto booked = book();
        ASSERT_EQ(booked.status, 200) << booked.body.substr(0, 2000);
        codes.push_back(code_on(booked.body));
    }
    ASSERT_FALSE(offered(time));

    auto cancelled = post_form("/booking/cancel", "lang=en&confirm=yes&code=" + codes.back());
    ASSERT_EQ(cancelled.status, 200);
    EXPECT_TRUE(offered(time));

    auto again = book();
    ASSERT_EQ(again.status, 200);
    ASSERT_FALSE(offered(time));
    auto moved = post_form("/booking/move", "lang=en&choose=yes&code=" + code_on(again.body) +
                                                "&start=" + form_encoded(times.back()));
    ASSERT_EQ(moved.status, 200) << moved.body.substr(0, 2000);
    EXPECT_TRUE(offered(time));
}

TEST_F(web_form, posts_without_a_valid_token_are_refused_and_change_nothing) {
    auto start = first_offered_time();
    auto booking =
        "lang=sv&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" + form_encoded(start);
    auto forged = token_for("/book");
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    struct case_t {
        std::string name;
        std::string token;
    } cases[] = {
        {"missing", ""},
        {"forged", forged},
        {"expired", token_for("/book", k_form_token_lifetime + std::chrono::seconds(5))},
        {"for another form", token_for("/booking/cancel")},
        {"not a token", "<script>"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto page = post_form("/book", booking + "&form_token=" + form_encoded(c.token));
        EXPECT_EQ(page.status, 403);
        EXPECT_NE(page.body.find("lang=\"sv\""), std::string::npos);
        EXPECT_NE(page.body.find("Formuläret kunde inte skickas"), std::string::npos);
        EXPECT_EQ(page.body.find("<script>"), std::string::npos);
    }
    // Nothing was booked: the time is still offered.
    EXPECT_EQ(first_offered_time(), start);
    EXPECT_NE(get("/metrics").body.find("form_posts_refused"), std::string::npos);
}

TEST_F(web_form, posts_sent_from_another_site_are_refused_even_with_a_valid_token) {
    auto start = first_offered_time();
    auto booking =
        "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" + form_encoded(start);
    std::map<std::string, std::string> cross_site[] = {
        {{"Sec-Fetch-Site", "cross-site"}},
        {{"Sec-Fetch-Site", "same-site"}},
        {{"Origin", "https://evil.example"}},
        {{"Origin", "http://127.0.0.1.evil.example"}},
    };
    for (const auto& headers : cross_site) {
        SCOPED_TRACE(headers.begin()->first + ": " + headers.begin()->second);
        auto page = post_form("/book", booking, headers);
        EXPECT_EQ(page.status, 403);
        EXPECT_NE(page.body.find("The form could not be sent"), std::string::npos);
    }
    EXPECT_EQ(first_offered_time(), start);

    // The calendar download and cancelling are guarded the same way.
    auto confirmation = post_form("/book", booking);
    auto code = code_on(confirmation.body);
    ASSERT_FALSE(code.empty());
    EXPECT_EQ(post_form("/booking/cancel", "lang=en&confirm=yes&code=" + form_encoded(code),
                        {{"Origin", "https://evil.example"}})
                  .status,
              403);
    EXPECT_EQ(
        post_form("/booking/calendar.ics", "lang=en&code=" + form_encoded(code) +
                                               "&form_token=" + form_encoded(token_for("/book")))
            .status,
        403);
    EXPECT_EQ(post_form("/booking", "lang=en&code=" + form_encoded(code)).status, 200)
        << "the booking still stands";
}

// The fake Zoom comes first, so that the service's config can point at it.
struct zoom_fake_holder {
    temp_dir fake_dir;
    meeting_provider_fake zoom{fake_dir.path()};
};

class hosted_web_form : protected zoom_fake_holder, public web_form {
protected:
    hosted_web_form()
        : web_form(allow_loopback_outgoing() + service_config_text("", zoom.unit_account_keys())) {}
};

TEST_F(hosted_web_form, a_parent_without_an_account_gets_the_units_meeting_link_with_the_code) {
    auto form = get("/?lang=en");
    ASSERT_NE(form.body.find("name=\"hosting\" value=\"unit\""), std::string::npos);
    auto confirmation = post_form(
        "/book", "lang=en&unit=test-unit&channel=video&platform=zoom&hosting=unit&start=" +
                     form_encoded(first_offered_time()));
    ASSERT_EQ(confirmation.status, 200) << confirmation.body.substr(0, 2000);
    auto code = code_on(confirmation.body);
    ASSERT_FALSE(code.empty());
    // The outbox makes the meeting moments later; the booking page then shows its link.
    std::string page;
    for (int i = 0; i < 100; ++i) {
        page = post_form("/booking", "lang=en&code=" + form_encoded(code)).body;
        if (page.find("https://us05web.zoom.us/j/") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_NE(page.find("https://us05web.zoom.us/j/"), std::string::npos) << page;
    EXPECT_EQ(page.find("?zak="), std::string::npos);
    EXPECT_EQ(zoom.requests_to("/users/").size(), 1u);
}

TEST_F(web_form, a_unit_without_an_account_does_not_ask_who_makes_the_meeting) {
    EXPECT_EQ(get("/?lang=en").body.find("name=\"hosting\" value=\"unit\""), std::string::npos);
}

// The fake Twilio comes first, so that the service's config can point at it.
struct twilio_fake_holder {
    temp_dir fake_dir;
    twilio_fake twilio{fake_dir.path()};
};

// A unit with a phone service (core/telephony.hpp: bridges_call) where both advisors have a
// phone: every phone conversation with an interpreter is one call the service makes.
class bridging_web_form : protected twilio_fake_holder, public web_form {
protected:
    bridging_web_form() : web_form(config_text(twilio)) {}

    static std::string config_text(const twilio_fake& twilio) {
        auto text = allow_loopback_outgoing() +
                    service_config_text("", "", "\n" + twilio.unit_telephony_keys());
        for (const auto& [advisor, phone] :
             {std::pair{"amina", "073-555 12 34"}, std::pair{"erik", "073-555 12 35"}}) {
            auto email = "email = \"" + std::string(advisor) + "@example.org\"\n";
            text.insert(text.find(email), "phone = \"" + std::string(phone) + "\"\n  ");
        }
        return text;
    }

    // The DESCRIPTION of the parent's calendar file, unfolded and unescaped by libical.
    std::string calendar_description(const std::string& code) {
        auto file = post_form("/booking/calendar.ics", "lang=en&code=" + form_encoded(code));
        EXPECT_EQ(file.status, 200);
        std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root(
            icalparser_parse_string(file.body.c_str()), &icalcomponent_free);
        if (!root) return "";
        auto* event = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
        const char* description = event ? icalcomponent_get_description(event) : nullptr;
        return description ? description : "";
    }
};

TEST_F(bridging_web_form, a_bridged_call_is_announced_from_the_units_number_with_all_three_on_it) {
    auto start = first_offered_time();
    auto bridged = post_form("/book",
                             "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067"
                             "&language=ar&interpreter=yes&start=" +
                                 form_encoded(start));
    ASSERT_EQ(bridged.status, 200) << bridged.body.substr(0, 2000);
    // twilio_fake::from, +46850550000, the way Swedish numbers are written.
    EXPECT_NE(bridged.body.find("At " + start.substr(11, 5) + " on "), std::string::npos);
    EXPECT_NE(bridged.body.find("you will be called on the number you gave us, from our number "
                                "08-505 500 00, so that you know it is us. The advisor and the "
                                "interpreter will be on the same call."),
              std::string::npos)
        << bridged.body;
    EXPECT_EQ(bridged.body.find("The advisor will call"), std::string::npos);
    auto description = calendar_description(code_on(bridged.body));
    EXPECT_NE(description.find("At this time you will be called from our number 08-505 500 00, "
                               "with a parenting advisor and the interpreter on the same call."),
              std::string::npos)
        << description;
    EXPECT_EQ(description.find("calls you"), std::string::npos);

    // Without an interpreter the advisor calls the parent, as the page and the file say.
    auto direct =
        post_form("/book", "lang=en&unit=test-unit&channel=phone&phone=070-123%2045%2067&start=" +
                               form_encoded(first_offered_time()));
    ASSERT_EQ(direct.status, 200) << direct.body.substr(0, 2000);
    EXPECT_NE(direct.body.find("The advisor will call the number you gave us at "),
              std::string::npos);
    EXPECT_EQ(direct.body.find("505 500 00"), std::string::npos);
    auto direct_description = calendar_description(code_on(direct.body));
    EXPECT_NE(direct_description.find("A parenting advisor calls you at this time."),
              std::string::npos)
        << direct_description;
    EXPECT_EQ(direct_description.find("505 500 00"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
