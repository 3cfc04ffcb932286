// The staff pages that change things, through the real binary and a signed-in browser's
// posts: an advisor's schedule, an absence previewed before it is saved, one conversation's
// handover and an interpreter request's answer. Each form succeeds, refuses a bad field at the
// field (422) and a stale version (409), and a refusal changes nothing.
#include "support/staff_pages.hpp"

#include <boost/json.hpp>
#include <regex>

#include "integration/fixture.hpp"
#include "support/shell_command.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;

constexpr const char* k_password = "correct horse battery staple";

// An email agency for the unit, so that an Arabic booking opens a request staff answer by hand.
const std::string k_email_agency =
    "\n  [units.interpreters]\n  agency = \"email\"\n  mailbox = \"tolk@agency.example\"\n"
    "  name = \"Tolkförmedlingen\"\n";

std::string first_match(const std::string& text, const std::string& pattern) {
    std::smatch match;
    if (!std::regex_search(text, match, std::regex(pattern))) return "";
    return match[1];
}

class staff_pages : public service_test {
protected:
    staff_pages() : service_test(staff_token_config() + service_config_text("", k_email_agency)) {}

    // An account with a password, signed in; the session's cookie.
    std::string signed_in(const std::string& arguments, const std::string& email) {
        auto added =
            run_command(std::string(SAMTAL_BINARY) + " staff add " + arguments + " --email " +
                        email + " --config " + service_.config_file().string() + " --data-dir " +
                        service_.data_dir().string());
        EXPECT_EQ(added.status, 0) << added.output;
        auto link = password_link_in(added.output);
        auto page = get("/staff/password?lang=en&link=" + link);
        auto set =
            post("/staff/password",
                 "lang=en&link=" + link + "&password=" + form_encoded(k_password) +
                     "&form_token=" + form_encoded(form_token_in(page.body, "/staff/password")));
        EXPECT_EQ(set.status, 303) << set.body;
        auto signin = get("/staff/signin?lang=en");
        auto answer =
            post("/staff/signin",
                 "lang=en&email=" + form_encoded(email) + "&password=" + form_encoded(k_password) +
                     "&form_token=" + form_encoded(form_token_in(signin.body, "/staff/signin")));
        EXPECT_EQ(answer.status, 303) << answer.body;
        return cookie_pair(answer.header("set-cookie"));
    }
    http_answer get(const std::string& target, const std::string& cookie = "") {
        std::map<std::string, std::string> headers;
        if (!cookie.empty()) headers["Cookie"] = cookie;
        return http_request(service_.port(), "GET", target, "", headers);
    }
    http_answer post(const std::string& target, const std::string& fields,
                     const std::string& cookie = "") {
        std::map<std::string, std::string> headers{
            {"Content-Type", "application/x-www-form-urlencoded"}};
        if (!cookie.empty()) headers["Cookie"] = cookie;
        return http_request(service_.port(), "POST", target, fields, headers);
    }
    // The form on `page` that posts to `action`, posted with `fields`, as the browser would.
    http_answer submit(const std::string& page, const std::string& action,
                       const std::string& fields, const std::string& cookie) {
        return post(action,
                    "lang=en&csrf=" + csrf_in(page) +
                        "&form_token=" + form_encoded(form_token_in(page, action)) + "&" + fields,
                    cookie);
    }
    // The test unit's conversations on `day` as the staff API lists them.
    json::array conversations_on(const std::string& day) {
        auto answer = http_request(service_.port(), "GET",
                                   "/api/v1/staff/conversations?unit=test-unit&day=" + day, "",
                                   {{"Authorization", std::string("Bearer ") + k_coordinator}});
        EXPECT_EQ(answer.status, 200) << answer.body;
        return json::parse(answer.body).at("conversations").as_array();
    }
    // Books `start` by phone (in `language`, with an interpreter when asked), and returns the
    // conversation as the staff API lists it.
    json::object book_conversation(const std::string& start, const std::string& language = "",
                                   bool interpreter = false) {
        auto body = phone_booking(start);
        if (!language.empty()) body["language"] = language;
        if (interpreter) body["interpreter"] = true;
        auto booked = post_json("/api/v1/bookings", body);
        EXPECT_EQ(booked.status, 201) << booked.body;
        for (const auto& entry : conversations_on(start.substr(0, 10)))
            if (entry.at("start").as_string() == start) return entry.as_object();
        ADD_FAILURE() << "no conversation at " << start;
        return {};
    }
};

std::string schedule_fields(const std::string& version, const std::string& tuesday) {
    return "version=" + version +
           "&name=Erik&email=erik%40example.org&phone=&site=rinkeby&language_sv=on&language_en=on"
           "&hours_mon=09%3A00-11%3A00&hours_tue=" +
           form_encoded(tuesday) + "&hours_wed=&hours_thu=&hours_fri=&hours_sat=&hours_sun=";
}

TEST_F(staff_pages, a_schedule_is_saved_refused_at_its_field_and_refused_when_stale) {
    auto cookie = signed_in("--role coordinator --unit test-unit", "cora@example.org");
    auto list = get("/staff/advisors?lang=en", cookie);
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("href=\"/staff/advisors/erik?lang=en\""), std::string::npos);

    const std::string action = "/staff/advisors/erik";
    auto page = get(action + "?lang=en", cookie);
    ASSERT_EQ(page.status, 200) << page.body;
    auto version = first_match(page.body, "name=\"version\" value=\"([0-9]+)\"");
    ASSERT_FALSE(version.empty());
    EXPECT_NE(page.body.find("value=\"09:00-11:00\""), std::string::npos);

    // A bad period: at its field, described by it, and nothing saved.
    auto bad = submit(page.body, action, schedule_fields(version, "09:00-25:00"), cookie);
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("id=\"hours-tue-error\""), std::string::npos) << bad.body;
    EXPECT_NE(
        bad.body.find("aria-describedby=\"hours-hint hours-tue-error\" aria-invalid=\"true\""),
        std::string::npos);
    EXPECT_NE(bad.body.find("href=\"#hours-tue\""), std::string::npos);

    auto saved =
        submit(page.body, action, schedule_fields(version, "09:00-11:00, 13:00-15:00"), cookie);
    ASSERT_EQ(saved.status, 303) << saved.body;
    EXPECT_EQ(saved.header("location"), "/staff/advisors/erik?lang=en&done=saved");
    auto after = get(action + "?lang=en", cookie);
    EXPECT_NE(after.body.find("value=\"09:00-11:00, 13:00-15:00\""), std::string::npos);

    // The first page's version is stale now: 409, the schedule as it is, nothing saved.
    auto stale = submit(page.body, action, schedule_fields(version, "10:00-11:00"), cookie);
    EXPECT_EQ(stale.status, 409);
    EXPECT_NE(stale.body.find("Someone changed this schedule meanwhile"), std::string::npos);
    EXPECT_NE(stale.body.find("value=\"09:00-11:00, 13:00-15:00\""), std::string::npos);
    EXPECT_NE(get(action + "?lang=sv", cookie).body.find("value=\"09:00-11:00, 13:00-15:00\""),
              std::string::npos);
}

TEST_F(staff_pages, an_advisor_keeps_their_own_schedule_and_only_reads_a_colleagues) {
    auto cookie = signed_in("--role advisor --unit test-unit --advisor amina", "amina@example.org");
    auto own = get("/staff/advisors/amina?lang=en", cookie);
    ASSERT_EQ(own.status, 200);
    EXPECT_NE(own.body.find("action=\"/staff/advisors/amina\""), std::string::npos);
    EXPECT_NE(own.body.find("href=\"/staff/advisors/amina?lang=en\" aria-current=\"page\""),
              std::string::npos);
    auto colleague = get("/staff/advisors/erik?lang=en", cookie);
    ASSERT_EQ(colleague.status, 200);
    EXPECT_EQ(colleague.body.find("action=\"/staff/advisors/erik\""), std::string::npos);
    // Posting to a colleague's schedule anyway changes nothing.
    auto forced = post("/staff/advisors/erik",
                       "lang=en&csrf=" + csrf_in(own.body) + "&form_token=" +
                           form_encoded(form_token_in(own.body, "/staff/advisors/amina")) + "&" +
                           schedule_fields("1", "09:00-10:00"),
                       cookie);
    EXPECT_EQ(forced.status, 403);
    EXPECT_EQ(get("/staff/advisors?lang=en", cookie).status, 403);
}

TEST_F(staff_pages, an_absence_shows_what_it_hands_over_before_it_is_saved) {
    auto cookie = signed_in("--role coordinator --unit test-unit", "cora@example.org");
    auto conversation = book_conversation(free_times().at(0));
    std::string advisor(conversation.at("advisor").as_string());
    auto day = std::string(conversation.at("start").as_string()).substr(0, 10);
    const std::string action = "/staff/advisors/" + advisor + "/absences";
    auto page = get("/staff/advisors/" + advisor + "?lang=en", cookie);
    ASSERT_EQ(page.status, 200);
    auto version = first_match(page.body, "name=\"version\" value=\"([0-9]+)\"");

    // A date that does not read: at its field, nothing saved.
    auto bad = submit(page.body, action,
                      "version=" + version + "&step=preview&from=" + day + "&to=someday", cookie);
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("id=\"to-error\""), std::string::npos);
    EXPECT_NE(bad.body.find("aria-describedby=\"to-error\" aria-invalid=\"true\""),
              std::string::npos);

    // The preview lists the conversation and whom it would go to, and writes nothing.
    auto preview =
        submit(page.body, action, "version=" + version + "&step=preview&from=" + day + "&to=" + day,
               cookie);
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_NE(preview.body.find("Before the absence is saved"), std::string::npos);
    EXPECT_TRUE(preview.body.find("needs a decision") != std::string::npos ||
                preview.body.find(": to ") != std::string::npos)
        << preview.body;
    EXPECT_NE(preview.body.find("No absences."), std::string::npos);
    EXPECT_EQ(conversations_on(day).at(0).at("advisor").as_string(), advisor);

    // The day page's absence form leads to the same preview, on the schedule.
    auto day_page = get("/staff?lang=en", cookie);
    auto from_day_page =
        submit(day_page.body, "/staff/absence",
               "advisor=" + advisor + "&from=" + day + "&to=" + day + "&step=preview", cookie);
    ASSERT_EQ(from_day_page.status, 303) << from_day_page.body;
    EXPECT_EQ(from_day_page.header("location"),
              "/staff/advisors/" + advisor + "?lang=en&absence_from=" + day + "&absence_to=" + day);
    auto previewed = get(from_day_page.header("location"), cookie);
    EXPECT_EQ(previewed.status, 200);
    EXPECT_NE(previewed.body.find("Before the absence is saved"), std::string::npos);
    EXPECT_NE(previewed.body.find("No absences."), std::string::npos);

    // Saved against another version than the preview's: 409, with the preview again.
    auto stale = submit(preview.body, action,
                        "version=" + std::to_string(std::stoi(version) + 1) +
                            "&step=save&from=" + day + "&to=" + day,
                        cookie);
    EXPECT_EQ(stale.status, 409);
    EXPECT_NE(stale.body.find("changed after the preview"), std::string::npos);
    EXPECT_NE(stale.body.find("No absences."), std::string::npos);

    // The preview's own form saves it.
    auto saved = submit(preview.body, action,
                        "version=" + version + "&step=save&from=" + day + "&to=" + day, cookie);
    ASSERT_EQ(saved.status, 303) << saved.body;
    auto location = saved.header("location");
    EXPECT_TRUE(location.starts_with("/staff/advisors/" + advisor + "?lang=en&done=absence"))
        << location;
    auto listed = conversations_on(day);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_TRUE(listed[0].at("advisor").as_string() != advisor ||
                listed[0].at("needs_decision").as_bool());

    // Listed with its removal, which takes it away again.
    auto with_absence = get(location, cookie);
    EXPECT_NE(with_absence.body.find("The absence is reported."), std::string::npos);
    auto absence_id = first_match(with_absence.body, "name=\"absence\" value=\"([0-9]+)\"");
    ASSERT_FALSE(absence_id.empty());
    auto removed = submit(with_absence.body, action + "/remove", "absence=" + absence_id, cookie);
    EXPECT_EQ(removed.status, 303);
    EXPECT_NE(get("/staff/advisors/" + advisor + "?lang=en", cookie).body.find("No absences."),
              std::string::npos);
    EXPECT_EQ(submit(with_absence.body, action + "/remove", "absence=" + absence_id, cookie).status,
              404);
}

TEST_F(staff_pages, a_conversation_is_handed_over_from_its_own_page) {
    auto cookie = signed_in("--role coordinator --unit test-unit", "cora@example.org");
    // On a Monday morning both advisors work; whoever has it, the other is free.
    std::string monday;
    for (const auto& time : free_times()) {
        date::local_days day;
        std::istringstream in(time.substr(0, 10));
        in >> date::parse("%F", day);
        if (time.substr(10, 6) == "T09:00" && date::weekday{day} == date::Monday) {
            monday = time;
            break;
        }
    }
    ASSERT_FALSE(monday.empty());
    auto conversation = book_conversation(monday);
    std::string id(conversation.at("id").as_string());
    auto version = std::to_string(conversation.at("version").as_int64());
    std::string other = conversation.at("advisor").as_string() == "amina" ? "erik" : "amina";

    auto page = get("/staff/handover/" + id + "?lang=en", cookie);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("value=\"" + other + "\" checked"), std::string::npos) << page.body;
    auto day_page = get("/staff?lang=en", cookie);
    EXPECT_NE(day_page.body.find("href=\"/staff/handover/" + id + "?lang=en\""), std::string::npos);

    const std::string fields = "from_page=handover&conversation=" + id;
    auto bad = submit(page.body, "/staff/handover",
                      fields + "&version=" + version +
                          "&to=" + std::string(conversation.at("advisor").as_string()),
                      cookie);
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("id=\"to-error\""), std::string::npos) << bad.body;
    auto stale = submit(page.body, "/staff/handover",
                        fields + "&version=" + version + "7&to=" + other, cookie);
    EXPECT_EQ(stale.status, 409);
    EXPECT_NE(stale.body.find("changed meanwhile"), std::string::npos);
    EXPECT_EQ(conversations_on(monday.substr(0, 10)).at(0).at("advisor"),
              conversation.at("advisor"));

    auto moved = submit(page.body, "/staff/handover",
                        fields + "&version=" + version + "&to=" + other, cookie);
    EXPECT_EQ(moved.status, 303) << moved.body;
    EXPECT_EQ(conversations_on(monday.substr(0, 10)).at(0).at("advisor").as_string(), other);
}

TEST_F(staff_pages, an_interpreter_request_is_answered_on_the_page) {
    auto cookie = signed_in("--role coordinator --unit test-unit", "cora@example.org");
    // Nobody at the unit speaks Arabic: the booking opens a request to the email agency.
    book_conversation(free_times().at(0), "ar", true);
    auto page = get("/staff/interpreters?lang=en", cookie);
    ASSERT_EQ(page.status, 200);
    auto reference = first_match(page.body, "name=\"reference\" value=\"(IR-[0-9]+)\"");
    ASSERT_FALSE(reference.empty()) << page.body;

    // Confirmed without the interpreter's reference: at that field, nothing saved.
    auto bad = submit(page.body, "/staff/interpreters",
                      "reference=" + reference + "&status=confirmed&joins_by=phone&phone=", cookie);
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("id=\"" + reference + "-interpreter-error\""), std::string::npos)
        << bad.body;
    EXPECT_NE(bad.body.find("href=\"#" + reference + "-interpreter_reference\""),
              std::string::npos);

    auto declined = submit(page.body, "/staff/interpreters",
                           "reference=" + reference + "&status=declined", cookie);
    EXPECT_EQ(declined.status, 303) << declined.body;
    auto after = get(declined.header("location"), cookie);
    EXPECT_NE(after.body.find("The answer is saved."), std::string::npos);
    EXPECT_EQ(after.body.find("value=\"" + reference + "\""), std::string::npos);

    // The same form again: the request is no longer open.
    auto again = submit(page.body, "/staff/interpreters",
                        "reference=" + reference + "&status=declined", cookie);
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.body.find("meanwhile"), std::string::npos);
}

TEST_F(staff_pages, problems_audit_and_guide_show_nothing_about_the_parent) {
    book_conversation(free_times().at(0));
    auto coordinator = signed_in("--role coordinator --unit test-unit", "cora@example.org");
    auto day = get("/staff?lang=en", coordinator);
    EXPECT_NE(day.body.find("href=\"/staff/audit?lang=en\""), std::string::npos);
    EXPECT_EQ(day.body.find("href=\"/staff/problems?lang=en\""), std::string::npos);
    auto audit = get("/staff/audit?lang=en", coordinator);
    EXPECT_EQ(audit.status, 200);

    auto operator_cookie = signed_in("--role operator", "ops@example.org");
    auto problems = get("/staff/problems?lang=sv", operator_cookie);
    ASSERT_EQ(problems.status, 200);
    EXPECT_NE(problems.body.find("Leverans- och samtalsproblem"), std::string::npos);
    for (const auto& page : {audit.body, problems.body}) {
        // The number in every form it could be written in (not "070" alone, which a random
        // form token may hold).
        for (auto number : {"070-123", "0701234567", "+46701234567", "123 45 67"})
            EXPECT_EQ(page.find(number), std::string::npos) << number;
    }

    for (const auto* language : {"sv", "en"}) {
        auto guide = get(std::string("/staff/guide?lang=") + language);
        ASSERT_EQ(guide.status, 200);
        EXPECT_NE(guide.body.find("id=\"privacy\""), std::string::npos);
        EXPECT_NE(guide.body.find(std::string("lang=\"") + language + "\""), std::string::npos);
    }
    // Every staff page links to the guide.
    EXPECT_NE(day.body.find("href=\"/staff/guide?lang=en\""), std::string::npos);
    EXPECT_NE(get("/staff/signin?lang=en").body.find("href=\"/staff/guide?lang=en\""),
              std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
