// docs/openapi.yaml against what the real binary sends: every route answered with success and
// with each error it can be brought to from outside, every answer checked against the
// document's schemas by a real JSON Schema validator (tests/openapi/check_responses.py, with
// Debian's python3-jsonschema), so that the document cannot drift from the server again.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>

#include "integration/fixture.hpp"
#include "support/interpreter_agency_fake.hpp"
#include "support/shell_command.hpp"
#include "support/staff_pages.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;

constexpr const char* k_browser = "text/html,application/xhtml+xml,*/*;q=0.8";
const std::map<std::string, std::string> k_json{{"Content-Type", "application/json"}};

// The agency's signature of a callback: HMAC-SHA256 of "<timestamp>.<body>".
std::string agency_signature(const std::string& timestamp, const std::string& body) {
    auto text = timestamp + "." + body;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    std::string secret = interpreter_agency_fake::callback_secret;
    HMAC(EVP_sha256(), secret.data(), int(secret.size()),
         reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest, &length);
    return "v1=" + to_hex(digest, length);
}

// The fake agency is made first, so that the service's config can point at it.
struct agency_holder {
    temp_dir agency_dir;
    interpreter_agency_fake agency{agency_dir.path()};
};

class openapi_responses : protected agency_holder, public service_test {
protected:
    openapi_responses()
        : service_test(staff_token_config() + service_config_text("", "", agency.unit_keys())) {}

    // One request to `port`, kept for the check.
    http_answer call(const std::string& method, const std::string& target,
                     const std::string& body = "", std::map<std::string, std::string> headers = {},
                     unsigned short port = 0) {
        auto answer =
            http_request(port ? port : service_.port(), method, target, body, std::move(headers));
        json::object headers_seen;
        for (const auto& [name, value] : answer.headers) headers_seen[name] = value;
        // An image is no text for JSON to carry; its media type is what is checked.
        bool image = answer.header("content-type").starts_with("image/");
        records_.push_back({{"method", method},
                            {"target", target},
                            {"status", answer.status},
                            {"headers", headers_seen},
                            {"body", image ? "" : answer.body}});
        return answer;
    }
    http_answer staff(const std::string& method, const std::string& target,
                      const std::string& token = k_manager, const std::string& body = "") {
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token}};
        if (!body.empty()) headers.emplace("Content-Type", "application/json");
        return call(method, target, body, headers);
    }
    http_answer form(const std::string& target, const std::string& fields) {
        return call("POST", target,
                    fields + "&lang=en&form_token=" + form_encoded(token_for(target)),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
    std::string book(const json::object& booking) {
        auto answer = call("POST", "/api/v1/bookings", json::serialize(booking), k_json);
        EXPECT_EQ(answer.status, 201) << answer.body;
        return answer.status == 201 ? std::string(json::parse(answer.body).at("code").as_string())
                                    : "";
    }

    // What the validator says about everything kept.
    command_outcome check() {
        temp_dir dir;
        auto records = dir.path() / "records.json";
        std::ofstream(records) << json::serialize(records_);
        return run_command("/usr/bin/python3 -B " SAMTAL_SOURCE_DIR
                           "/tests/openapi/check_responses.py " SAMTAL_SOURCE_DIR
                           "/docs/openapi.yaml " SAMTAL_SOURCE_DIR
                           "/service/i18n/messages/sv.toml " +
                           records.string());
    }

    json::array records_;
};

TEST_F(openapi_responses, every_answer_is_as_the_document_describes) {
    // Operators.
    for (const auto* path : {"/healthz", "/readyz", "/metrics", "/api/v1/openapi.yaml"})
        call("GET", path);
    call("HEAD", "/healthz");

    // Parents' API: units and free times.
    call("GET", "/api/v1/units?lang=en");
    auto times = free_times();
    ASSERT_GE(times.size(), 7u);
    call("GET", "/api/v1/availability?unit=test-unit&to=" + fortnight_from_now());
    call("GET", "/api/v1/availability");
    call("GET", "/api/v1/availability?unit=test-unit&from=soon&channel=fax");

    // Booking, with each way a booking can be refused.
    auto phone_code = book(phone_booking(times[0]));
    auto video_code = book({{"unit", "test-unit"},
                            {"start", times[1]},
                            {"channel", "video"},
                            {"platform", "zoom"},
                            {"hosting", "parent"},
                            {"join_link", "https://zoom.us/j/12345678901"}});
    auto interpreter_code = book({{"unit", "test-unit"},
                                  {"start", times[2]},
                                  {"channel", "phone"},
                                  {"phone", "070-123 45 67"},
                                  {"language", "ar"},
                                  {"interpreter", true}});
    call("POST", "/api/v1/bookings", "{}", {{"Content-Type", "text/plain"}});
    call("POST", "/api/v1/bookings", "[1]", k_json);
    call("POST", "/api/v1/bookings", R"({"unit":"test-unit","name":"Anna","interpreter":"yes"})",
         k_json);
    call("POST", "/api/v1/bookings", json::serialize(phone_booking(times[3], "112")), k_json);
    call("POST", "/api/v1/bookings", json::serialize(phone_booking(times[3], "0900-123 45 67")),
         k_json);
    for (const auto* link : {"http://zoom.us/j/12345678901", "https://zoom.us/s/12345678901",
                             "https://skype.com/join/abc"})
        call("POST", "/api/v1/bookings",
             json::serialize(json::object{{"unit", "test-unit"},
                                          {"start", times[3]},
                                          {"channel", "video"},
                                          {"platform", "zoom"},
                                          {"hosting", "parent"},
                                          {"join_link", link},
                                          {"topic", "gardening"}}),
             k_json);
    call("POST", "/api/v1/bookings", json::serialize(phone_booking(times[0])), k_json);
    call("POST", "/api/v1/bookings", std::string(17 * 1024, ' '), k_json);

    // The holder of a code.
    auto bearer = [](const std::string& code) {
        return std::map<std::string, std::string>{{"Authorization", "Bearer " + code}};
    };
    call("GET", "/api/v1/bookings/self", "", bearer(phone_code));
    call("GET", "/api/v1/bookings/self");
    call("GET", "/api/v1/bookings/self/calendar.ics", "", bearer(phone_code));
    call("GET", "/api/v1/bookings/self/calendar.ics", "", bearer("0000"));
    auto with_code = [&](const std::string& code) {
        auto headers = bearer(code);
        headers.emplace("Content-Type", "application/json");
        return headers;
    };
    call("POST", "/api/v1/bookings/self/reschedule",
         json::serialize(json::object{{"start", times[4]}}), with_code(phone_code));
    call("POST", "/api/v1/bookings/self/reschedule", R"({"start":"tomorrow"})",
         with_code(phone_code));
    call("POST", "/api/v1/bookings/self/reschedule", "[]", with_code(phone_code));
    call("POST", "/api/v1/bookings/self/reschedule", "start", bearer(phone_code));
    call("POST", "/api/v1/bookings/self/reschedule",
         json::serialize(json::object{{"start", times[5]}}), with_code("0000"));

    // The follow-up: too early, then (once the conversation has started) each way it is
    // refused and the one answer it takes.
    auto feedback_code = book(phone_booking(times[5]));
    const std::string feedback = R"({"right_topics":5,"helpful":4,"easy_to_reach":"dont_know"})";
    call("POST", "/api/v1/feedback", feedback, with_code(feedback_code));
    let_conversation_start(feedback_code, std::chrono::minutes{60});
    call("POST", "/api/v1/feedback", R"({"helpful":9,"name":"x"})", with_code(feedback_code));
    call("POST", "/api/v1/feedback", "{}", with_code(feedback_code));
    call("POST", "/api/v1/feedback", "[", with_code(feedback_code));
    call("POST", "/api/v1/feedback", feedback, bearer(feedback_code));
    call("POST", "/api/v1/feedback", feedback, with_code("0000"));
    call("POST", "/api/v1/feedback", std::string(2048, ' '), with_code(feedback_code));
    call("POST", "/api/v1/feedback", feedback, with_code(feedback_code));
    call("POST", "/api/v1/feedback", feedback, with_code(feedback_code));
    call("DELETE", "/api/v1/bookings/self", "", bearer(video_code));
    call("DELETE", "/api/v1/bookings/self", "", bearer(video_code));

    // Staff.
    for (const auto* path : {"/api/v1/staff/deliveries", "/api/v1/staff/conference-calls"}) {
        staff("GET", path);
        staff("GET", path, k_advisor);
        call("GET", path);
    }
    staff("GET", "/api/v1/staff/interpreter-requests?unit=test-unit&day=" + times[2].substr(0, 10));
    staff("GET", "/api/v1/staff/interpreter-requests?day=someday&status=lost");
    call("GET", "/api/v1/staff/interpreter-requests");
    const std::string answers = "/api/v1/staff/interpreter-requests/answer";
    staff("POST", answers, k_advisor, R"({"reference":"IR-000001","status":"declined"})");
    staff("POST", answers, k_advisor, R"({"reference":"IR-000001","status":"maybe"})");
    staff("POST", answers, k_advisor, R"({"reference":"IR-999999","status":"declined"})");
    staff("POST", answers, k_advisor, "[");
    call("POST", answers, "{}", {{"Authorization", std::string("Bearer ") + k_advisor}});
    call("POST", answers, "{}", k_json);
    const std::string again = "/api/v1/staff/interpreter-requests/request-again";
    staff("POST", again, k_advisor, R"({"reference":"IR-000001"})");
    staff("POST", again, k_advisor, R"({"reference":"IR-000001"})");

    // The unit's schedules: advisors, absences, the day's conversations, handover, outcome.
    const std::string advisors = "/api/v1/staff/advisors";
    staff("GET", advisors);
    staff("GET", advisors + "?unit=elsewhere", k_coordinator);
    auto amina = staff("GET", advisors + "/amina", k_advisor);
    staff("GET", advisors + "/nobody", k_advisor);
    auto change = json::parse(amina.body).as_object();
    for (auto field : {"id", "absences", "active"}) change.erase(field);
    staff("PUT", advisors + "/amina", k_advisor, json::serialize(change));
    staff("PUT", advisors + "/amina", k_advisor, json::serialize(change));
    change["hours"] = json::object{{"mon", json::array{"12:00-09:00"}}};
    staff("PUT", advisors + "/amina", k_advisor, json::serialize(change));
    staff("PUT", advisors + "/amina", k_advisor, "{");
    auto lina = change;
    lina.erase("version");
    lina["id"] = "lina";
    lina["email"] = "lina@example.org";
    json::object around_the_clock;
    for (auto weekday : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
        around_the_clock[weekday] = json::array{"00:00-24:00"};
    lina["hours"] = around_the_clock;
    staff("POST", advisors, k_coordinator, json::serialize(lina));
    staff("POST", advisors, k_coordinator, json::serialize(lina));
    staff("POST", advisors, k_advisor, json::serialize(lina));
    auto away = staff("POST", advisors + "/lina/absences", k_coordinator,
                      R"({"from":"2027-01-02","to":"2027-01-03"})");
    staff("POST", advisors + "/lina/absences", k_coordinator,
          R"({"from":"2027-01-05","to":"2027-01-04"})");
    auto absence_id = std::to_string(json::parse(away.body).at("absence").at("id").as_int64());
    staff("DELETE", advisors + "/lina/absences/" + absence_id, k_coordinator);
    staff("DELETE", advisors + "/lina/absences/" + absence_id, k_coordinator);
    const std::string day_of_booking = times[0].substr(0, 10);
    auto day = staff("GET", "/api/v1/staff/conversations?day=" + day_of_booking, k_coordinator);
    staff("GET", "/api/v1/staff/conversations?day=" + day_of_booking, k_advisor);
    staff("GET", "/api/v1/staff/conversations?day=someday", k_advisor);
    auto listed = json::parse(day.body).at("conversations").as_array();
    ASSERT_FALSE(listed.empty());
    auto conversation =
        "/api/v1/staff/conversations/" + std::string(listed[0].at("id").as_string());
    staff("POST", conversation + "/handover", k_coordinator, R"({"to":"anyone"})");
    staff("POST", conversation + "/handover", k_coordinator, R"({"to":"anyone","version":0})");
    staff("POST", conversation + "/handover", k_coordinator, R"({"to":"nobody"})");
    staff("POST", conversation + "/outcome", k_coordinator, R"({"outcome":"held"})");
    staff("POST", "/api/v1/staff/conversations/0000/outcome", k_coordinator,
          R"({"outcome":"held"})");
    // A conversation of two hours ago (written by generate-history), held.
    ASSERT_EQ(
        run_command(std::string(SAMTAL_BINARY) + " generate-history --count 4 --config " +
                    service_.config_file().string() + " --data-dir " + service_.data_dir().string())
            .status,
        0);
    auto two_hours_ago = date::make_zoned("Europe/Stockholm",
                                          std::chrono::system_clock::now() - std::chrono::hours{2});
    auto earlier = staff("GET",
                         "/api/v1/staff/conversations?day=" +
                             date::format("%Y-%m-%d", two_hours_ago.get_local_time()),
                         k_advisor);
    auto earlier_listed = json::parse(earlier.body).at("conversations").as_array();
    ASSERT_FALSE(earlier_listed.empty()) << earlier.body;
    staff("POST",
          "/api/v1/staff/conversations/" + std::string(earlier_listed[0].at("id").as_string()) +
              "/outcome",
          k_advisor, R"({"outcome":"held"})");
    staff("GET", "/api/v1/staff/audit", k_coordinator);
    const std::string statistics =
        "/api/v1/staff/statistics?from=" + times[0].substr(0, 10) + "&to=" + times[5].substr(0, 10);
    staff("GET", statistics);
    staff("GET", statistics + "&by=week", k_coordinator);
    staff("GET", statistics, k_advisor);
    staff("GET", statistics + "&unit=elsewhere");
    staff("GET", "/api/v1/staff/statistics?from=someday&by=day");
    call("GET", statistics);
    staff("GET", statistics + "&by=year");
    const std::string statistics_csv =
        "/api/v1/staff/statistics.csv?from=" + times[0].substr(0, 10) +
        "&to=" + times[5].substr(0, 10);
    staff("GET", statistics_csv);
    staff("GET", statistics_csv + "&by=year", k_coordinator);
    staff("GET", statistics_csv, k_advisor);
    staff("GET", statistics_csv + "&unit=elsewhere");
    staff("GET", "/api/v1/staff/statistics.csv?from=someday&by=day");
    call("GET", statistics_csv);

    // The staff pages, as a coordinator with a password of their own.
    auto added = run_command(std::string(SAMTAL_BINARY) +
                             " staff add --email cora@example.org --role coordinator --unit "
                             "test-unit --config " +
                             service_.config_file().string() + " --data-dir " +
                             service_.data_dir().string());
    ASSERT_EQ(added.status, 0) << added.output;
    auto link = password_link_in(added.output);
    const std::map<std::string, std::string> form_post{
        {"Content-Type", "application/x-www-form-urlencoded"}};
    auto password_page = call("GET", "/staff/password?lang=en&link=" + link);
    call("POST", "/staff/password",
         "lang=en&link=" + link + "&password=correct+horse+battery+staple&form_token=" +
             form_encoded(form_token_in(password_page.body, "/staff/password")),
         form_post);
    auto signin_page = call("GET", "/staff/signin?lang=en");
    auto signin_token = form_encoded(form_token_in(signin_page.body, "/staff/signin"));
    call("POST", "/staff/signin",
         "lang=en&email=cora%40example.org&password=wrong+password+here&form_token=" + signin_token,
         form_post);
    auto signed_in = call("POST", "/staff/signin",
                          "lang=en&email=cora%40example.org&password=correct+horse+battery+"
                          "staple&form_token=" +
                              signin_token,
                          form_post);
    auto with_session = form_post;
    with_session["Cookie"] = cookie_pair(signed_in.header("set-cookie"));
    call("GET", "/staff?lang=en");
    auto week = call("GET", "/staff?lang=en", "", with_session);
    call("GET", "/staff/statistics?lang=en");
    call("GET", "/staff/statistics?lang=en", "", with_session);
    call("GET", "/staff/statistics?lang=sv&by=year&from=2026-01-01&to=2027-12-31", "",
         with_session);
    call("GET", "/staff/statistics?lang=en&by=day&from=someday", "", with_session);
    call("GET", "/staff/statistics.csv?lang=en&by=week&from=2026-11-02&to=2026-11-29", "",
         with_session);
    call("GET", "/staff/statistics.csv?lang=en&from=someday", "", with_session);
    call("GET", "/staff/statistics.csv?lang=en");
    auto staff_form = [&](const std::string& action, const std::string& fields) {
        call("POST", action,
             "lang=en&csrf=" + csrf_in(week.body) +
                 "&form_token=" + form_encoded(form_token_in(week.body, action)) + "&" + fields,
             with_session);
    };
    staff_form("/staff/absence", "advisor=lina&from=2027-02-01&to=2027-02-02");
    staff_form("/staff/absence", "advisor=lina&from=2027-02-05&to=someday");
    staff_form("/staff/handover",
               "conversation=" + std::string(listed[0].at("id").as_string()) + "&to=anyone");
    staff_form("/staff/outcome",
               "conversation=" + std::string(earlier_listed[0].at("id").as_string()) +
                   "&outcome=not_reached");
    // The schedule, absence, handover, interpreter, audit and guide pages, each form with
    // success and refusals.
    auto page = [&](const std::string& target) { return call("GET", target, "", with_session); };
    auto page_form = [&](const std::string& on, const std::string& action,
                         const std::string& fields) {
        return call("POST", action,
                    "lang=en&csrf=" + csrf_in(on) +
                        "&form_token=" + form_encoded(form_token_in(on, action)) + "&" + fields,
                    with_session);
    };
    auto version_in = [](const std::string& on) {
        std::smatch match;
        std::regex_search(on, match, std::regex("name=\"version\" value=\"([0-9]+)\""));
        return match.size() > 1 ? std::string(match[1]) : "";
    };
    staff_form("/staff/absence", "advisor=lina&from=2027-02-08&to=2027-02-09&step=preview");
    page("/staff/advisors/lina?lang=en&absence_from=2027-02-08&absence_to=2027-02-09");
    page("/staff/advisors?lang=en");
    auto schedule = page("/staff/advisors/lina?lang=en");
    const std::string lina_fields =
        "&name=Lina&email=lina%40example.org&phone=&site=rinkeby&language_sv=on"
        "&hours_mon=00%3A00-24%3A00&hours_tue=&hours_wed=&hours_thu=&hours_fri=&hours_sat="
        "&hours_sun=";
    page_form(schedule.body, "/staff/advisors/lina",
              "version=" + version_in(schedule.body) + lina_fields + "&hours_tue=25%3A00");
    page_form(schedule.body, "/staff/advisors/lina",
              "version=" + version_in(schedule.body) + lina_fields);
    page_form(schedule.body, "/staff/advisors/lina",
              "version=" + version_in(schedule.body) + lina_fields);
    schedule = page("/staff/advisors/lina?lang=en");
    const std::string absences = "/staff/advisors/lina/absences";
    page_form(schedule.body, absences, "from=2027-03-01&to=someday&step=preview");
    auto preview = page_form(
        schedule.body, absences,
        "from=2027-03-01&to=2027-03-02&step=preview&version=" + version_in(schedule.body));
    page_form(preview.body, absences, "from=2027-03-01&to=2027-03-02&step=save&version=0");
    page_form(preview.body, absences,
              "from=2027-03-01&to=2027-03-02&step=save&version=" + version_in(preview.body));
    schedule = page("/staff/advisors/lina?lang=en");
    std::smatch absence_match;
    std::regex_search(schedule.body, absence_match,
                      std::regex("name=\"absence\" value=\"([0-9]+)\""));
    ASSERT_GT(absence_match.size(), 1u) << schedule.body;
    page_form(schedule.body, absences + "/remove", "absence=" + std::string(absence_match[1]));
    page_form(schedule.body, absences + "/remove", "absence=" + std::string(absence_match[1]));
    page("/staff/handover/" + std::string(listed[0].at("id").as_string()) + "?lang=en");
    page("/staff/handover/0000?lang=en");
    book({{"unit", "test-unit"},
          {"start", times[6]},
          {"channel", "phone"},
          {"phone", "070-123 45 67"},
          {"language", "ar"},
          {"interpreter", true}});
    auto interpreters = page("/staff/interpreters?lang=en");
    // The newest request, the booking's just made (IR-000002 waits for the agency's callback).
    std::string reference;
    std::regex request_reference("name=\"reference\" value=\"(IR-[0-9]+)\"");
    for (std::sregex_iterator
             at(interpreters.body.begin(), interpreters.body.end(), request_reference),
         end;
         at != end; ++at)
        reference = (*at)[1];
    ASSERT_NE(reference, "IR-000002") << interpreters.body;
    page_form(interpreters.body, "/staff/interpreters",
              "reference=" + reference + "&status=confirmed&joins_by=phone");
    page_form(interpreters.body, "/staff/interpreters",
              "reference=" + reference + "&status=declined");
    page_form(interpreters.body, "/staff/interpreters",
              "reference=" + reference + "&status=declined");
    page("/staff/audit?lang=en");
    call("GET", "/staff/guide?lang=sv");
    auto manager_added = run_command(std::string(SAMTAL_BINARY) +
                                     " staff add --email max@example.org --role manager --unit " +
                                     "test-unit --config " + service_.config_file().string() +
                                     " --data-dir " + service_.data_dir().string());
    auto manager_link = password_link_in(manager_added.output);
    auto manager_password = call("GET", "/staff/password?lang=en&link=" + manager_link);
    call("POST", "/staff/password",
         "lang=en&link=" + manager_link + "&password=correct+horse+battery+staple&form_token=" +
             form_encoded(form_token_in(manager_password.body, "/staff/password")),
         form_post);
    auto manager = call("POST", "/staff/signin",
                        "lang=en&email=max%40example.org&password=correct+horse+battery+"
                        "staple&form_token=" +
                            signin_token,
                        form_post);
    call("GET", "/staff/problems?lang=en", "",
         {{"Cookie", cookie_pair(manager.header("set-cookie"))}});
    page("/staff/problems?lang=en");

    staff_form("/staff/signout-everywhere", "");
    staff_form("/staff/signout", "");

    // The agency's signed answer to the request asked again.
    const std::string callback = "/api/v1/interpreter-agencies/callback?unit=test-unit";
    auto now = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count());
    auto signed_headers = [&](const std::string& body) {
        return std::map<std::string, std::string>{
            {"Content-Type", "application/json"},
            {"Samtal-Timestamp", now},
            {"Samtal-Signature", agency_signature(now, body)}};
    };
    std::string declined = R"({"event_id":"e-1","reference":"IR-000002","status":"declined"})";
    call("POST", callback, declined, signed_headers(declined));
    call("POST", callback, declined, signed_headers(declined));
    std::string unknown = R"({"event_id":"e-2","reference":"IR-999999","status":"declined"})";
    call("POST", callback, unknown, signed_headers(unknown));
    call("POST", callback, "not json", signed_headers("not json"));

    // The pages.
    for (const auto* path :
         {"/", "/unit", "/unit?unit=nowhere", "/privacy", "/accessibility", "/booking",
          "/static/style.css", "/static/steps.js", "/static/favicon.ico", "/favicon.ico"})
        call("GET", path);
    form("/booking", "code=" + form_encoded(interpreter_code));
    form("/booking/move", "code=" + form_encoded(interpreter_code));
    form("/booking/cancel", "code=" + form_encoded(interpreter_code));
    form("/booking/calendar.ics", "code=" + form_encoded(interpreter_code));
    auto web_feedback_code = book(phone_booking(times[6]));
    let_conversation_start(web_feedback_code, std::chrono::minutes{60});
    form("/booking", "code=" + form_encoded(web_feedback_code));
    form("/booking/feedback", "code=" + form_encoded(web_feedback_code) + "&helpful=4");
    form("/booking/feedback", "code=" + form_encoded(web_feedback_code) + "&helpful=4");
    form("/booking/feedback", "code=" + form_encoded(web_feedback_code) + "&helpful=seven");
    form("/book", "unit=test-unit&start=" + form_encoded(times[3]) + "&channel=phone&phone=x");
    form("/book",
         "unit=test-unit&start=" + form_encoded(times[3]) + "&channel=phone&phone=070-1234567");
    call("POST", "/booking", "code=x&form_token=forged",
         {{"Content-Type", "application/x-www-form-urlencoded"}});

    // What any path may answer.
    call("GET", "/nowhere");
    call("GET", "/nowhere", "", {{"Accept", k_browser}});
    call("PUT", "/api/v1/units");
    call("DELETE", "/healthz");
    call("GET", "/healthz", "", {{"X-Padding", std::string(9000, 'x')}});

    // Over the abuse limits.
    service_process limited(
        service_config_text("", "", "",
                            "booking_attempts_per_hour = 1\n"
                            "bookings_per_day = 1\nwrong_codes_per_hour = 1\n"));
    for (int i = 0; i < 2; ++i) {
        call("GET", "/api/v1/bookings/self", "", bearer("0000"), limited.port());
        call("POST", "/book", "unit=test-unit&lang=en",
             {{"Content-Type", "application/x-www-form-urlencoded"}}, limited.port());
    }

    auto checked = check();
    EXPECT_EQ(checked.status, 0) << checked.output;
}

}  // namespace
}  // namespace samtal::testing
