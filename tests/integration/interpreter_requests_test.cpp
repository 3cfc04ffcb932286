// Interpreter requests through the real binary: against the fake agency API (created, confirmed,
// declined, expired, moved, cancelled, polled; callbacks with a wrong signature, an old
// timestamp or replayed refused), and by mail to an agency's mailbox on a real SMTP server,
// with the advisor's updated invitations. Nothing identifying the parent reaches the agency.
#include <boost/json.hpp>

#include "integration/fixture.hpp"
#include "integration/mail_fixture.hpp"
#include "support/interpreter_agency_fake.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;

constexpr const char* k_staff_token = "advisor-token";
constexpr const char* k_parent_phone = "070-111 22 33";
constexpr const char* k_join_link = "https://zoom.us/j/12345678901";

// The test unit with Erik working around the clock, a quick outbox, a staff token, outgoing
// calls allowed to the test's own servers on loopback, and the given invitation and
// interpreter settings. Nobody at the unit speaks Arabic.
std::string agency_config(const std::string& unit_keys) {
    auto text =
        "[outbox]\npoll_interval_ms = 100\nfirst_retry_ms = 100\nlongest_retry_ms = 400\n\n"
        "[[staff_tokens]]\nname = \"amina\"\nrole = \"advisor\"\nunit = \"test-unit\"\n"
        "advisor = \"amina\"\nsha256 = \"" +
        hex_sha256(k_staff_token) + "\"\n\n" + allow_loopback_outgoing() +
        service_config_text("", "", unit_keys);
    const std::string erik_hours = "hours = { mon = [\"09:00-11:00\"], tue = [\"09:00-11:00\"] }";
    text.replace(text.find(erik_hours), erik_hours.size(),
                 "hours = { mon = [\"00:00-24:00\"], tue = [\"00:00-24:00\"], wed = "
                 "[\"00:00-24:00\"], thu = [\"00:00-24:00\"], fri = [\"00:00-24:00\"], sat = "
                 "[\"00:00-24:00\"], sun = [\"00:00-24:00\"] }");
    const std::string absence = "  absences = [{ from = 2026-12-21, to = 2026-12-22 }]\n";
    text.replace(text.find(absence), absence.size(), "");
    return text;
}

template <class Predicate>
bool eventually(Predicate done, std::chrono::seconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

class interpreter_requests_test : public ::testing::Test {
protected:
    std::vector<std::string> free_times(service_process& service) {
        auto answer =
            http_request(service.port(), "GET",
                         "/api/v1/availability?unit=test-unit&to=" + fortnight_from_now());
        std::vector<std::string> times;
        auto parsed = json::parse(answer.body);
        for (const auto& time : parsed.at("times").as_array())
            times.emplace_back(time.at("start").as_string());
        return times;
    }

    // Books an Arabic conversation with an interpreter (a woman, if one can be had) and
    // returns the booking code.
    std::string book(service_process& service, const std::string& start,
                     const std::string& channel = "phone") {
        json::object body{{"unit", "test-unit"},   {"start", start},
                          {"channel", channel},    {"language", "ar"},
                          {"interpreter", true},   {"interpreter_gender", "female"},
                          {"dialect", "levantine"}};
        if (channel == "phone") {
            body["phone"] = k_parent_phone;
        } else {
            body["platform"] = "zoom";
            body["hosting"] = "parent";
            body["join_link"] = k_join_link;
        }
        auto answer = http_request(service.port(), "POST", "/api/v1/bookings",
                                   json::serialize(body), {{"Content-Type", "application/json"}});
        EXPECT_EQ(answer.status, 201) << answer.body;
        auto booked = json::parse(answer.body).as_object();
        EXPECT_TRUE(booked.at("booking").at("interpreter").at("needed").as_bool());
        return std::string(booked.at("code").as_string());
    }

    // Where the parent's booking page says the interpreter stands.
    std::string interpreter_status(service_process& service, const std::string& code) {
        auto answer = http_request(service.port(), "GET", "/api/v1/bookings/self", "",
                                   {{"Authorization", "Bearer " + code}});
        auto parsed = json::parse(answer.body);
        const auto* status = parsed.at("interpreter").as_object().if_contains("status");
        return status ? std::string(status->as_string()) : "";
    }

    // The parent's booking page (POST /booking with the code, as the form sends it).
    std::string booking_page(service_process& service, const std::string& code) {
        auto form = http_request(service.port(), "GET", "/booking?lang=en").body;
        std::smatch token;
        EXPECT_TRUE(
            std::regex_search(form, token, std::regex("name=\"form_token\" value=\"([^\"]+)\"")));
        return http_request(
                   service.port(), "POST", "/booking",
                   "lang=en&code=" + form_encoded(code) + "&form_token=" + form_encoded(token[1]),
                   {{"Content-Type", "application/x-www-form-urlencoded"}})
            .body;
    }

    json::array staff_list(service_process& service, const std::string& start) {
        auto answer = http_request(
            service.port(), "GET",
            "/api/v1/staff/interpreter-requests?unit=test-unit&day=" + start.substr(0, 10), "",
            {{"Authorization", std::string("Bearer ") + k_staff_token}});
        EXPECT_EQ(answer.status, 200) << answer.body;
        return json::parse(answer.body).at("requests").as_array();
    }

    http_answer staff_post(service_process& service, const std::string& path,
                           const json::object& body) {
        return http_request(service.port(), "POST", "/api/v1/staff/interpreter-requests/" + path,
                            json::serialize(body),
                            {{"Content-Type", "application/json"},
                             {"Authorization", std::string("Bearer ") + k_staff_token}});
    }

    // The mails a recipient received, read as invitations, in the order they arrived.
    std::vector<received_invitation> mails_to(const smtp_server& smtp, const std::string& email) {
        std::vector<received_invitation> found;
        for (const auto& mail : smtp.mails()) {
            auto invitation = read_invitation(mail);
            if (invitation.attendee == "mailto:" + email) found.push_back(invitation);
        }
        std::sort(found.begin(), found.end(),
                  [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
        return found;
    }

    // Each advisor invitation's description, whichever advisor got the booking.
    std::vector<std::string> advisor_news(const smtp_server& smtp) {
        std::vector<std::string> news;
        for (const auto* advisor : {"amina@example.org", "erik@example.org"})
            for (const auto& mail : mails_to(smtp, advisor)) news.push_back(mail.description);
        return news;
    }

    static bool any_contains(const std::vector<std::string>& texts, const std::string& part) {
        return std::any_of(texts.begin(), texts.end(), [&](const std::string& text) {
            return text.find(part) != std::string::npos;
        });
    }

    temp_dir dir_;
};

TEST_F(interpreter_requests_test, the_agency_api_gets_the_order_and_its_confirmation_reaches_all) {
    smtp_server smtp(dir_);
    smtp.start();
    interpreter_agency_fake agency(dir_.path());
    agency.answer_with("confirm_phone");
    service_process service(agency_config(smtp_keys(smtp.port()) + agency.unit_keys()));
    agency.call_back_to(service.port());
    auto start = free_times(service).at(0);
    auto code = book(service, start);

    ASSERT_TRUE(eventually([&] { return agency.count("POST") == 1; }));
    auto created = agency.requests().at(0);
    EXPECT_EQ(created.at("path").as_string(), "/api/requests");
    EXPECT_EQ(created.at("authorization").as_string(), "Bearer agency-api-key");
    EXPECT_EQ(created.at("content_type").as_string(), "application/json");
    EXPECT_EQ(created.at("idempotency_key").as_string(), "IR-000001");
    std::string sent(created.at("body").as_string());
    auto order = json::parse(sent).as_object();
    EXPECT_EQ(order.at("reference").as_string(), "IR-000001");
    EXPECT_EQ(order.at("language").as_string(), "ar");
    EXPECT_EQ(order.at("gender").as_string(), "female");
    EXPECT_EQ(order.at("dialect").as_string(), "levantine");
    EXPECT_EQ(order.at("modes").as_array(), json::array{"phone"});
    EXPECT_EQ(order.at("competence").at("level").as_string(), "authorised");
    EXPECT_EQ(order.at("start").as_string(),
              format_utc(*parse_rfc3339(start), "%Y-%m-%dT%H:%M:%SZ"));
    // Nothing that identifies the parent: no number in any form, no booking code.
    for (const auto& part : {std::string("0701112233"), std::string("70-111"),
                             std::string("111 22 33"), std::string("+4670111"), code})
        EXPECT_EQ(sent.find(part), std::string::npos) << part << " in " << sent;

    ASSERT_TRUE(eventually([&] { return interpreter_status(service, code) == "confirmed"; }));
    EXPECT_NE(booking_page(service, code).find("Yes – an interpreter is booked"),
              std::string::npos);
    auto listed = staff_list(service, start);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].at("status").as_string(), "confirmed");
    EXPECT_EQ(listed[0].at("interpreter").at("joins_by").as_string(), "phone");
    // The advisor's invitation is updated with the interpreter's number to conference in.
    ASSERT_TRUE(eventually([&] { return any_contains(advisor_news(smtp), "+46701234599"); }));
    auto news = mails_to(smtp, "erik@example.org");
    if (news.empty()) news = mails_to(smtp, "amina@example.org");
    EXPECT_EQ(news.front().sequence, 0);
    EXPECT_NE(news.front().description.find("IR-000001"), std::string::npos);
    EXPECT_GE(news.back().sequence, 1);
    EXPECT_EQ(news.back().uid, news.front().uid);
    EXPECT_NE(news.back().description.find("Tolk bekräftad"), std::string::npos)
        << news.back().description;
}

TEST_F(interpreter_requests_test, only_the_confirmed_video_interpreter_gets_the_join_link) {
    interpreter_agency_fake agency(dir_.path());
    agency.answer_with("confirm_video");
    service_process service(agency_config(agency.unit_keys()));
    agency.call_back_to(service.port());
    auto code = book(service, free_times(service).at(0), "video");
    ASSERT_TRUE(eventually([&] { return interpreter_status(service, code) == "confirmed"; }));
    // The order went out without it; the update to the confirmed interpreter carries it.
    ASSERT_TRUE(eventually([&] { return agency.count("PUT") == 1; }));
    for (const auto& request : agency.requests()) {
        auto body = json::parse(request.at("body").as_string()).as_object();
        if (request.at("method").as_string() == "POST") {
            EXPECT_FALSE(body.contains("join"));
            EXPECT_EQ(body.at("modes").as_array(), (json::array{"video", "phone"}));
        } else {
            EXPECT_EQ(body.at("join").at("link").as_string(), k_join_link);
            EXPECT_NE(body.at("join").at("instructions").as_string().find("Zoom"),
                      std::string::npos);
        }
    }
}

TEST_F(interpreter_requests_test, a_decline_reaches_advisor_parent_and_staff_who_ask_again) {
    smtp_server smtp(dir_);
    smtp.start();
    interpreter_agency_fake agency(dir_.path());
    agency.answer_with("decline");
    service_process service(agency_config(smtp_keys(smtp.port()) + agency.unit_keys()));
    agency.call_back_to(service.port());
    auto start = free_times(service).at(0);
    auto code = book(service, start);

    ASSERT_TRUE(eventually([&] { return interpreter_status(service, code) == "not_confirmed"; }));
    EXPECT_NE(booking_page(service, code).find("We have not managed to book an interpreter yet"),
              std::string::npos);
    ASSERT_TRUE(
        eventually([&] { return any_contains(advisor_news(smtp), "Ingen tolk är bekräftad"); }));
    auto listed = staff_list(service, start);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].at("status").as_string(), "declined");
    EXPECT_TRUE(listed[0].at("needs_action").as_bool());

    agency.answer_with("silent");
    auto again = staff_post(service, "request-again", {{"reference", "IR-000001"}});
    ASSERT_EQ(again.status, 201) << again.body;
    EXPECT_EQ(json::parse(again.body).at("reference").as_string(), "IR-000002");
    EXPECT_EQ(interpreter_status(service, code), "requested");
    ASSERT_TRUE(eventually([&] { return agency.count("POST") == 2; }));
    EXPECT_FALSE(staff_list(service, start)[0].at("needs_action").as_bool());
    // Asked again already.
    EXPECT_EQ(staff_post(service, "request-again", {{"reference", "IR-000001"}}).status, 422);
}

TEST_F(interpreter_requests_test, no_answer_by_the_deadline_expires_and_is_withdrawn) {
    smtp_server smtp(dir_);
    smtp.start();
    interpreter_agency_fake agency(dir_.path());
    service_process service(
        agency_config(smtp_keys(smtp.port()) + agency.unit_keys("  answer_within_minutes = 0\n")));
    agency.call_back_to(service.port());
    auto start = free_times(service).at(0);
    auto code = book(service, start);

    ASSERT_TRUE(eventually([&] { return interpreter_status(service, code) == "not_confirmed"; }));
    EXPECT_EQ(staff_list(service, start)[0].at("status").as_string(), "expired");
    ASSERT_TRUE(eventually([&] { return any_contains(advisor_news(smtp), "svarade inte"); }));
    // The agency never keeps a request samtal gave up on: withdrawn, or never sent at all when
    // it expired before the first attempt.
    ASSERT_TRUE(
        eventually([&] { return agency.count("POST") == 0 || agency.count("DELETE") == 1; }));
}

TEST_F(interpreter_requests_test, moving_and_cancelling_the_booking_move_and_withdraw_the_request) {
    interpreter_agency_fake agency(dir_.path());
    service_process service(agency_config(agency.unit_keys()));
    agency.call_back_to(service.port());
    auto times = free_times(service);
    auto code = book(service, times.at(0));
    ASSERT_TRUE(eventually([&] { return agency.count("POST") == 1; }));

    auto later = times.at(times.size() / 2);
    auto moved =
        http_request(service.port(), "POST", "/api/v1/bookings/self/reschedule",
                     json::serialize(json::object{{"start", later}}),
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + code}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    ASSERT_TRUE(eventually([&] { return agency.count("PUT") == 1; }));
    auto requests = agency.requests();
    auto put = std::find_if(requests.begin(), requests.end(),
                            [](const auto& r) { return r.at("method").as_string() == "PUT"; });
    EXPECT_EQ(put->at("path").as_string(), "/api/requests/agency-1");
    auto update = json::parse(put->at("body").as_string()).as_object();
    EXPECT_EQ(update.at("start").as_string(),
              format_utc(*parse_rfc3339(later), "%Y-%m-%dT%H:%M:%SZ"));
    EXPECT_EQ(update.at("reference").as_string(), "IR-000001");
    EXPECT_GT(update.at("sequence").as_int64(), 0);

    ASSERT_EQ(http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                           {{"Authorization", "Bearer " + code}})
                  .status,
              200);
    ASSERT_TRUE(eventually([&] { return agency.count("DELETE") == 1; }));
    EXPECT_EQ(staff_list(service, later)[0].at("status").as_string(), "cancelled");
}

TEST_F(interpreter_requests_test,
       forged_old_and_replayed_callbacks_are_refused_and_change_nothing) {
    interpreter_agency_fake agency(dir_.path());
    service_process service(agency_config(agency.unit_keys()));
    agency.call_back_to(service.port());
    auto start = free_times(service).at(0);
    auto code = book(service, start);
    ASSERT_TRUE(eventually([&] { return agency.count("POST") == 1; }));

    auto now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    auto old = std::to_string(std::stoll(now) - 600);
    auto confirmation =
        R"({"event_id":"e-1","reference":"IR-000001","status":"confirmed",)"
        R"("interpreter":{"reference":"T-1","joins_by":"phone","phone":"+46701234599"}})";
    EXPECT_EQ(agency.send_callback(confirmation, now, "a-wrong-secret-of-at-least-32-characters"),
              401);
    EXPECT_EQ(agency.send_callback(confirmation, old), 401);
    EXPECT_EQ(agency.send_callback(confirmation, now, "", "v1=" + std::string(64, '0')), 401);
    EXPECT_EQ(interpreter_status(service, code), "requested");

    EXPECT_EQ(agency.send_callback(confirmation, now), 204);
    EXPECT_EQ(interpreter_status(service, code), "confirmed");
    // The very same callback again, and the same event signed anew.
    EXPECT_EQ(agency.send_callback(confirmation, now), 401);
    auto decline = std::string(R"({"event_id":"e-1","reference":"IR-000001","status":"declined"})");
    EXPECT_EQ(agency.send_callback(decline, now), 401);
    EXPECT_EQ(interpreter_status(service, code), "confirmed");
    // Another event about a request the unit does not have.
    EXPECT_EQ(agency.send_callback(
                  R"({"event_id":"e-2","reference":"IR-000099","status":"declined"})", now),
              404);
}

TEST_F(interpreter_requests_test, an_answer_the_callback_missed_is_found_by_polling) {
    interpreter_agency_fake agency(dir_.path());
    service_process service(agency_config(agency.unit_keys("  poll_interval_seconds = 1\n")));
    auto start = free_times(service).at(0);
    auto code = book(service, start);
    ASSERT_TRUE(eventually([&] { return agency.count("POST") == 1; }));
    agency.set_status("IR-000001", "declined");
    ASSERT_TRUE(eventually([&] { return interpreter_status(service, code) == "not_confirmed"; }));
    EXPECT_GE(agency.count("GET"), 1u);
}

TEST_F(interpreter_requests_test, an_email_agency_gets_invitations_that_follow_the_booking) {
    smtp_server smtp(dir_);
    smtp.start();
    service_process service(agency_config(
        smtp_keys(smtp.port()) +
        "\n  [units.interpreters]\n  agency = \"email\"\n  mailbox = \"tolk@agency.example\"\n"
        "  name = \"Tolkförmedlingen\"\n"));
    auto times = free_times(service);
    auto code = book(service, times.at(0), "video");
    const std::string agency_mailbox = "tolk@agency.example";

    ASSERT_TRUE(eventually([&] { return mails_to(smtp, agency_mailbox).size() == 1; }));
    auto request = mails_to(smtp, agency_mailbox).at(0);
    EXPECT_EQ(request.calendar_method, "REQUEST");
    EXPECT_EQ(request.sequence, 0);
    EXPECT_EQ(request.dtstart, utc_ical(times.at(0)));
    EXPECT_NE(request.description.find("Referens: IR-000001"), std::string::npos)
        << request.description;
    EXPECT_NE(request.description.find("Språk: arabiska"), std::string::npos);
    EXPECT_NE(request.description.find("Tolkar via: video, telefon"), std::string::npos);
    // Nothing identifying: no join link before an interpreter is confirmed, no booking code.
    for (const auto& mail : smtp.mails()) {
        if (read_invitation(mail).attendee != "mailto:" + agency_mailbox) continue;
        EXPECT_EQ(mail.find("12345678901"), std::string::npos);
        EXPECT_EQ(mail.find(code), std::string::npos);
    }

    // Staff enter the agency's answer: the interpreter joins the video meeting.
    auto refused = staff_post(service, "answer",
                              {{"reference", "IR-000001"},
                               {"status", "confirmed"},
                               {"interpreter_reference", "T-5"},
                               {"joins_by", "fax"}});
    EXPECT_EQ(refused.status, 422) << refused.body;
    auto confirmed = staff_post(service, "answer",
                                {{"reference", "IR-000001"},
                                 {"status", "confirmed"},
                                 {"interpreter_reference", "T-5"},
                                 {"joins_by", "video"}});
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_EQ(interpreter_status(service, code), "confirmed");
    ASSERT_TRUE(eventually([&] { return mails_to(smtp, agency_mailbox).size() == 2; }));
    auto with_link = mails_to(smtp, agency_mailbox).at(1);
    EXPECT_EQ(with_link.uid, request.uid);
    EXPECT_EQ(with_link.sequence, 1);
    EXPECT_NE(with_link.description.find(k_join_link), std::string::npos) << with_link.description;
    EXPECT_NE(with_link.description.find("Zoom"), std::string::npos);
    ASSERT_TRUE(eventually([&] { return any_contains(advisor_news(smtp), "T-5"); }));

    // Moved: the same calendar entry at the new time, asking again.
    auto later = times.at(times.size() / 2);
    ASSERT_EQ(
        http_request(service.port(), "POST", "/api/v1/bookings/self/reschedule",
                     json::serialize(json::object{{"start", later}}),
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + code}})
            .status,
        200);
    ASSERT_TRUE(eventually([&] { return mails_to(smtp, agency_mailbox).size() == 3; }));
    auto moved = mails_to(smtp, agency_mailbox).at(2);
    EXPECT_EQ(moved.uid, request.uid);
    EXPECT_EQ(moved.sequence, 2);
    EXPECT_EQ(moved.dtstart, utc_ical(later));
    EXPECT_EQ(interpreter_status(service, code), "requested");

    // Cancelled: the agency's entry is cancelled too.
    ASSERT_EQ(http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                           {{"Authorization", "Bearer " + code}})
                  .status,
              200);
    ASSERT_TRUE(eventually([&] { return mails_to(smtp, agency_mailbox).size() == 4; }));
    auto cancelled = mails_to(smtp, agency_mailbox).at(3);
    EXPECT_EQ(cancelled.calendar_method, "CANCEL");
    EXPECT_EQ(cancelled.uid, request.uid);
    EXPECT_EQ(cancelled.sequence, 3);
}

TEST_F(interpreter_requests_test, the_staff_api_needs_a_staff_token) {
    interpreter_agency_fake agency(dir_.path());
    service_process service(agency_config(agency.unit_keys()));
    EXPECT_EQ(http_request(service.port(), "GET",
                           "/api/v1/staff/interpreter-requests?unit=test-unit&day=2026-12-01")
                  .status,
              401);
    EXPECT_EQ(http_request(service.port(), "POST", "/api/v1/staff/interpreter-requests/answer",
                           R"({"reference":"IR-000001","status":"declined"})",
                           {{"Content-Type", "application/json"}})
                  .status,
              401);
}

}  // namespace
}  // namespace samtal::testing
