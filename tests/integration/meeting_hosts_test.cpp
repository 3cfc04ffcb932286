// The hosted-meeting adapters (Zoom Server-to-Server OAuth, Microsoft Graph) against a local
// fake that follows the providers' documented requests and answers (tests/fakes).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "adapters/meetings/teams/graph_meetings.hpp"
#include "adapters/meetings/zoom/zoom_meetings.hpp"
#include "support/meeting_provider_fake.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class meeting_hosts_test : public ::testing::Test {
protected:
    explicit meeting_hosts_test(int token_seconds = 3600) : fake_(dir_.path(), token_seconds) {}

    hosted_meetings_config account(
        const std::string& platform,
        const std::string& secret = meeting_provider_fake::client_secret) {
        hosted_meetings_config settings;
        settings.platform = platform;
        settings.account_id = platform == "zoom" ? "zoom-account" : "tenant-42";
        settings.client_id = meeting_provider_fake::client_id;
        settings.client_secret = secret;
        settings.user_id = "unit@example.org";
        settings.token_url =
            platform == "zoom" ? fake_.base_url() + "/oauth/token" : fake_.base_url();
        settings.api_url = fake_.base_url() + (platform == "zoom" ? "/v2" : "/v1.0");
        settings.timeout = 5000ms;
        return settings;
    }

    std::vector<json::object> requests_to(std::string_view path_part) {
        return fake_.requests_to(path_part);
    }

    static meeting_times times() {
        auto start = date::floor<std::chrono::minutes>(*parse_rfc3339("2026-12-02T17:00:00+01:00"));
        return {start, start + 45min, "Familjestöd Rinkeby-Kista"};
    }

    temp_dir dir_;
    meeting_provider_fake fake_;
    // The fake is on loopback, which outgoing calls reach only when allowed by name.
    outgoing_config loopback_{{"127.0.0.1"}};
};

TEST_F(meeting_hosts_test, zoom_creates_a_scheduled_meeting_with_waiting_room_and_passcode) {
    auto settings = account("zoom");
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    auto result = zoom.create(times(), meeting);
    ASSERT_EQ(result.status, delivery_status::delivered) << result.reason;
    EXPECT_FALSE(meeting.id.empty());
    // The attendee's join link, in its normal form; never the host's start link.
    EXPECT_TRUE(meeting.join_link.starts_with("https://us05web.zoom.us/j/" + meeting.id + "?pwd="))
        << meeting.join_link;
    EXPECT_EQ(meeting.join_link.find("?zak="), std::string::npos);

    auto token = requests_to("/oauth/token");
    ASSERT_EQ(token.size(), 1u);
    EXPECT_EQ(token[0].at("query").as_string(),
              "grant_type=account_credentials&account_id=zoom-account");
    EXPECT_EQ(token[0].at("authorization").as_string(),
              "Basic c2FtdGFsLWNsaWVudDpzM2NyZXQtdmFsdWU=");  // samtal-client:s3cret-value
    auto created = requests_to("/meetings");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].at("path").as_string(), "/v2/users/unit%40example.org/meetings");
    EXPECT_EQ(created[0].at("authorization").as_string(), "Bearer zoom-token-1");
    auto body = json::parse(created[0].at("body").as_string()).as_object();
    EXPECT_EQ(body.at("start_time").as_string(), "2026-12-02T16:00:00Z");
    EXPECT_EQ(body.at("duration").as_int64(), 45);
    EXPECT_EQ(body.at("topic").as_string(), "Familjestöd Rinkeby-Kista");
    EXPECT_TRUE(body.at("settings").at("waiting_room").as_bool());
    EXPECT_FALSE(body.at("settings").at("join_before_host").as_bool());
    EXPECT_EQ(body.at("password").as_string().size(), 10u);
}

TEST_F(meeting_hosts_test, the_token_is_fetched_once_and_reused) {
    auto settings = account("zoom");
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(zoom.create(times(), meeting).status, delivery_status::delivered);
    EXPECT_EQ(requests_to("/oauth/token").size(), 1u);
    EXPECT_EQ(requests_to("/meetings").size(), 3u);
}

TEST_F(meeting_hosts_test, a_revoked_token_is_replaced_once) {
    auto settings = account("zoom");
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    ASSERT_EQ(zoom.create(times(), meeting).status, delivery_status::delivered);
    fake_.revoke_tokens();
    auto result = zoom.create(times(), meeting);
    EXPECT_EQ(result.status, delivery_status::delivered) << result.reason;
    EXPECT_EQ(requests_to("/oauth/token").size(), 2u);
    auto created = requests_to("/meetings");
    ASSERT_EQ(created.size(), 3u);  // one 401, then the retry with the new token
    EXPECT_EQ(created[2].at("authorization").as_string(), "Bearer zoom-token-2");
}

TEST_F(meeting_hosts_test, busy_and_broken_providers_are_retried_refusals_are_not) {
    auto settings = account("zoom");
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    fake_.fail_next("/meetings", 429, 1);
    EXPECT_EQ(zoom.create(times(), meeting).status, delivery_status::retry_later);
    fake_.fail_next("/meetings", 503, 1);
    EXPECT_EQ(zoom.create(times(), meeting).status, delivery_status::retry_later);
    fake_.fail_next("/meetings", 400, 1);
    EXPECT_EQ(zoom.create(times(), meeting).status, delivery_status::failed_permanently);
    EXPECT_EQ(zoom.create(times(), meeting).status, delivery_status::delivered);
}

TEST_F(meeting_hosts_test, wrong_credentials_are_a_problem_for_an_operator) {
    auto settings = account("zoom", "wrong-secret");
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    auto result = zoom.create(times(), meeting);
    EXPECT_EQ(result.status, delivery_status::failed_permanently);
    EXPECT_NE(result.reason.find("token"), std::string::npos) << result.reason;
    EXPECT_EQ(result.reason.find("wrong-secret"), std::string::npos);
    EXPECT_TRUE(requests_to("/meetings").empty());
}

TEST_F(meeting_hosts_test, a_provider_that_does_not_answer_is_retried) {
    auto settings = account("zoom");
    settings.api_url = "http://127.0.0.1:" + std::to_string(free_port()) + "/v2";
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    EXPECT_EQ(zoom.create(times(), meeting).status, delivery_status::retry_later);
}

TEST_F(meeting_hosts_test, zoom_meetings_move_and_are_deleted) {
    auto settings = account("zoom");
    zoom_meetings zoom(settings, loopback_);
    hosted_meeting meeting;
    ASSERT_EQ(zoom.create(times(), meeting).status, delivery_status::delivered);
    auto later = times();
    later.start += 24h;
    later.end += 24h;
    EXPECT_EQ(zoom.move(meeting.id, later).status, delivery_status::delivered);
    EXPECT_EQ(zoom.remove(meeting.id).status, delivery_status::delivered);
    // Already gone (deleted by hand at Zoom, say): nothing left to do.
    EXPECT_EQ(zoom.remove(meeting.id).status, delivery_status::delivered);

    auto calls = requests_to("/v2/meetings/" + meeting.id);
    ASSERT_EQ(calls.size(), 3u);
    EXPECT_EQ(calls[0].at("method").as_string(), "PATCH");
    EXPECT_EQ(json::parse(calls[0].at("body").as_string()).at("start_time").as_string(),
              "2026-12-03T16:00:00Z");
    EXPECT_EQ(calls[1].at("method").as_string(), "DELETE");
}

TEST_F(meeting_hosts_test, graph_creates_moves_and_deletes_online_meetings) {
    auto settings = account("teams");
    graph_meetings teams(settings, loopback_);
    hosted_meeting meeting;
    auto result = teams.create(times(), meeting);
    ASSERT_EQ(result.status, delivery_status::delivered) << result.reason;
    EXPECT_TRUE(
        meeting.join_link.starts_with("https://teams.microsoft.com/l/meetup-join/19%3ameeting_"))
        << meeting.join_link;

    auto token = requests_to("/oauth2/v2.0/token");
    ASSERT_EQ(token.size(), 1u);
    EXPECT_EQ(token[0].at("path").as_string(), "/tenant-42/oauth2/v2.0/token");
    EXPECT_EQ(token[0].at("content_type").as_string(), "application/x-www-form-urlencoded");
    auto created = requests_to("/onlineMeetings");
    ASSERT_EQ(created.size(), 1u);
    EXPECT_EQ(created[0].at("path").as_string(), "/v1.0/users/unit%40example.org/onlineMeetings");
    EXPECT_EQ(created[0].at("authorization").as_string(), "Bearer graph-token-1");
    auto body = json::parse(created[0].at("body").as_string());
    EXPECT_EQ(body.at("startDateTime").as_string(), "2026-12-02T16:00:00Z");
    EXPECT_EQ(body.at("endDateTime").as_string(), "2026-12-02T16:45:00Z");
    EXPECT_EQ(body.at("lobbyBypassSettings").at("scope").as_string(), "organizer");

    auto later = times();
    later.start += 1h;
    later.end += 1h;
    EXPECT_EQ(teams.move(meeting.id, later).status, delivery_status::delivered);
    EXPECT_EQ(teams.remove(meeting.id).status, delivery_status::delivered);
    auto calls = requests_to("/onlineMeetings/" + meeting.id);
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].at("method").as_string(), "PATCH");
    EXPECT_EQ(calls[1].at("method").as_string(), "DELETE");
}

class short_token_test : public meeting_hosts_test {
protected:
    short_token_test() : meeting_hosts_test(2) {}
};

TEST_F(short_token_test, an_expiring_token_is_renewed_before_it_runs_out) {
    auto settings = account("teams");
    graph_meetings teams(settings, loopback_);
    hosted_meeting meeting;
    ASSERT_EQ(teams.create(times(), meeting).status, delivery_status::delivered);
    ASSERT_EQ(teams.create(times(), meeting).status, delivery_status::delivered);
    EXPECT_EQ(requests_to("/token").size(), 1u);
    // Two seconds of life: renewed after half of it, never used when the provider refuses it.
    std::this_thread::sleep_for(1100ms);
    ASSERT_EQ(teams.create(times(), meeting).status, delivery_status::delivered);
    EXPECT_EQ(requests_to("/token").size(), 2u);
    EXPECT_EQ(requests_to("/onlineMeetings").size(), 3u);  // no 401 on the way
}

}  // namespace
}  // namespace samtal::testing
