// A move that hands a booking to another advisor: the former advisor's calendar is told of the
// time they had, the spool keeps no earlier copy of the number, and a meeting the unit hosts
// stays the booking's, handed to the new advisor (against the Zoom and Graph fakes).
#include <algorithm>
#include <regex>

#include "integration/delivery_fixture.hpp"
#include "support/base64.hpp"
#include "support/meeting_provider_fake.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// The Subject header of a mail, its RFC 2047 words decoded.
std::string subject_of(const std::string& mail) {
    std::smatch line;
    if (!std::regex_search(mail, line, std::regex("Subject: ((?:.|\r\n )*)\r\n"))) return "";
    std::string subject;
    std::string words = line[1];
    std::regex word("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?=");
    for (std::sregex_iterator it(words.begin(), words.end(), word), end; it != end; ++it)
        subject += decode_base64((*it)[1]);
    return subject;
}

// "HH:MM" of an RFC 3339 time in Stockholm.
std::string stockholm_clock(const std::string& rfc3339) {
    auto local = date::make_zoned("Europe/Stockholm", *parse_rfc3339(rfc3339)).get_local_time();
    return date::format("%H:%M", date::floor<std::chrono::minutes>(local));
}

class advisor_change_test : public delivery_test {
protected:
    // A Somali-speaking parent's booking: Amina speaks Somali and gets it when she works.
    static http_answer book_somali(service_process& service, const std::string& start,
                                   json::object more = {}) {
        json::object body{
            {"unit", "test-unit"}, {"start", start}, {"language", "so"}, {"interpreter", true}};
        if (more.empty()) {
            body["channel"] = "phone";
            body["phone"] = "070-111 22 33";
        }
        for (const auto& [key, value] : more) body[key] = value;
        return http_request(service.port(), "POST", "/api/v1/bookings", json::serialize(body),
                            {{"Content-Type", "application/json"}});
    }
    static http_answer move(service_process& service, const std::string& code,
                            const std::string& start) {
        return http_request(
            service.port(), "POST", "/api/v1/bookings/self/reschedule",
            "{\"start\":\"" + start + "\"}",
            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + code}});
    }
    // A time Amina works (she speaks Somali) and a later one only Erik works.
    static std::pair<std::string, std::string> amina_then_erik(service_process& service) {
        auto answer = http_request(
            service.port(), "GET",
            "/api/v1/availability?unit=test-unit&language=so&to=" + fortnight_from_now());
        std::string amina, erik;
        auto parsed = json::parse(answer.body);
        for (const auto& time : parsed.at("times").as_array()) {
            std::string start(time.at("start").as_string());
            if (time.at("speaks_language").as_bool()) {
                if (amina.empty()) amina = start;
            } else if (!amina.empty() && erik.empty() && start > amina) {
                erik = start;
            }
        }
        return {amina, erik};
    }
    static std::vector<std::string> mails_to(const std::filesystem::path& spool,
                                             const std::string& who) {
        std::vector<std::string> found;
        for (const auto& mail : files_in(spool))
            if (read_invitation(mail).attendee == "mailto:" + who) found.push_back(mail);
        return found;
    }
};

TEST_F(advisor_change_test, the_former_advisors_cancel_shows_the_time_they_had) {
    service_process service(delivery_config(""));
    auto [amina_time, erik_time] = amina_then_erik(service);
    ASSERT_FALSE(amina_time.empty());
    ASSERT_FALSE(erik_time.empty());
    auto created = book_somali(service, amina_time);
    ASSERT_EQ(created.status, 201) << created.body;
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return mails_to(spool, "amina@example.org").size(); }), 1u);
    ASSERT_EQ(move(service, code_of(created), erik_time).status, 200);
    ASSERT_EQ(wait_for(1, [&] { return mails_to(spool, "erik@example.org").size(); }), 1u);
    ASSERT_EQ(wait_for(
                  1, [&] { return spooled_with_sequence(spool, 1); }, 10s),
              2u);

    auto to_amina = mails_to(spool, "amina@example.org");
    ASSERT_EQ(to_amina.size(), 1u) << "her first invitation is replaced by the cancellation";
    auto cancel = read_invitation(to_amina[0]);
    EXPECT_EQ(cancel.calendar_method, "CANCEL");
    EXPECT_EQ(cancel.sequence, 1);
    EXPECT_EQ(cancel.dtstart, utc_ical(amina_time));
    auto subject = subject_of(to_amina[0]);
    EXPECT_NE(subject.find(stockholm_clock(amina_time)), std::string::npos) << subject;
    EXPECT_EQ(subject.find(stockholm_clock(erik_time)), std::string::npos) << subject;

    auto request = read_invitation(mails_to(spool, "erik@example.org").at(0));
    EXPECT_EQ(request.calendar_method, "REQUEST");
    EXPECT_EQ(request.dtstart, utc_ical(erik_time));
    EXPECT_EQ(request.uid, cancel.uid);
}

TEST_F(advisor_change_test, a_cancelled_or_moved_booking_leaves_no_earlier_spool_file) {
    service_process service(delivery_config(""));
    auto free = times(service);
    ASSERT_GE(free.size(), 3u);
    auto created = book(service, free[0], "070-111 22 33");
    ASSERT_EQ(created.status, 201);
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return files_in(spool).size(); }), 1u);
    ASSERT_EQ(move(service, code_of(created), free[2]).status, 200);
    ASSERT_EQ(wait_for(1, [&] { return spooled_with_sequence(spool, 1); }), 1u);
    EXPECT_EQ(spooled_with_sequence(spool, 0), 0u) << "the number before the move is still there";

    auto cancelled = http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + code_of(created)}});
    ASSERT_EQ(cancelled.status, 200);
    ASSERT_EQ(wait_for(1, [&] { return spooled_with_sequence(spool, 2); }), 1u);
    auto left = files_in(spool);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(read_invitation(left[0]).calendar_method, "CANCEL");
    EXPECT_EQ(left[0].find("+46701112233"), std::string::npos);
    EXPECT_EQ(left[0].find("111 22 33"), std::string::npos);
}

// The meeting account's keys for the fake, as Zoom or as Microsoft Graph.
std::string hosted_keys(const meeting_provider_fake& fake, const std::string& platform) {
    if (platform == "zoom") return fake.unit_account_keys();
    fake.unit_account_keys();  // sets the secret's environment variable
    return "[[units.hosted_meetings]]\nplatform = \"teams\"\naccount_id = \"tenant-42\"\n"
           "client_id = \"" +
           std::string(meeting_provider_fake::client_id) +
           "\"\nclient_secret_env = \"SAMTAL_TEST_MEETING_SECRET\"\n"
           "user_id = \"unit@example.org\"\ntoken_url = \"" +
           fake.base_url() + "\"\napi_url = \"" + fake.base_url() + "/v1.0\"\ntimeout_ms = 2000\n";
}

class hosted_meeting_handover : public advisor_change_test,
                                public ::testing::WithParamInterface<const char*> {};

TEST_P(hosted_meeting_handover, the_meeting_is_made_once_moved_and_handed_to_the_new_advisor) {
    std::string platform = GetParam();
    auto meetings_path = platform == "zoom" ? "/meetings" : "/onlineMeetings";
    meeting_provider_fake fake(dir_.path());
    service_process service(delivery_config("", "", hosted_keys(fake, platform)));
    auto [amina_time, erik_time] = amina_then_erik(service);
    ASSERT_FALSE(erik_time.empty());
    auto created = book_somali(service, amina_time,
                               {{"channel", "video"}, {"platform", platform}, {"hosting", "unit"}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto code = code_of(created);
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return mails_to(spool, "amina@example.org").size(); }), 1u);
    auto join_link = [&] {
        auto seen = http_request(service.port(), "GET", "/api/v1/bookings/self", "",
                                 {{"Authorization", "Bearer " + code}});
        return std::string(json::parse(seen.body).at("meeting").at("join_link").as_string());
    };
    auto link = join_link();
    ASSERT_FALSE(link.empty());

    ASSERT_EQ(move(service, code, erik_time).status, 200);
    ASSERT_EQ(wait_for(1, [&] { return mails_to(spool, "erik@example.org").size(); }), 1u);
    std::this_thread::sleep_for(1s);  // room for a wrong second meeting or a deletion
    auto calls = fake.requests_to(meetings_path);
    std::size_t made = 0, moved = 0, deleted = 0;
    for (const auto& call : calls) {
        auto method = call.at("method").as_string();
        made += method == "POST";
        moved += method == "PATCH";
        deleted += method == "DELETE";
    }
    EXPECT_EQ(made, 1u);
    EXPECT_EQ(moved, 1u);
    EXPECT_EQ(deleted, 0u) << "the former advisor's cancellation deleted the parent's meeting";
    EXPECT_EQ(join_link(), link);
    auto erik = read_invitation(mails_to(spool, "erik@example.org").at(0));
    EXPECT_NE(erik.description.find(link), std::string::npos) << erik.description;
    EXPECT_EQ(read_invitation(mails_to(spool, "amina@example.org").at(0)).calendar_method,
              "CANCEL");

    auto cancelled = http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + code}});
    ASSERT_EQ(cancelled.status, 200);
    auto deletions = [&] {
        std::size_t n = 0;
        for (const auto& call : fake.requests_to(meetings_path))
            n += call.at("method").as_string() == "DELETE";
        return n;
    };
    EXPECT_EQ(wait_for(1, deletions), 1u);
}

INSTANTIATE_TEST_SUITE_P(platforms, hosted_meeting_handover, ::testing::Values("zoom", "teams"));

}  // namespace
}  // namespace samtal::testing
