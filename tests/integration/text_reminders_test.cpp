// The parents' text reminders the day before a phone conversation, through the real binary
// and the real Twilio client against the local fake (tests/fakes/twilio.py). The binary runs on
// the real clock, so the unit's reminder time is set to the coming minute and the bookings are
// made for tomorrow (reminded today) or the day after (reminded tomorrow, so not within the
// test): a kept booking and one moved to tomorrow are reminded once each; a cancelled one, one
// moved away, one that did not ask and one made for a unit without telephony are not.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "adapters/meetings/registry.hpp"
#include "integration/fixture.hpp"
#include "service/core/booking_service.hpp"
#include "service/i18n/messages.hpp"
#include "service/outbox/text_reminder_sender.hpp"
#include "service/store/booking_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/twilio_fake.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* k_booking_page = "https://boka.example.org/rinkeby";

// The booking core, the store and the sender in the test's process, with a clock the test
// sets, against the fake: what happens between the reminder's attempts.
class text_reminder_sender_test : public ::testing::Test {
protected:
    // Saturday 28 November 2026, 13:00 in Stockholm.
    static constexpr sys_seconds k_now{
        sys_seconds{date::sys_days{date::year{2026} / 11 / 28} + std::chrono::hours{12}}};
    static constexpr const char* k_tuesday_nine = "2026-12-01T09:00:00+01:00";
    static constexpr const char* k_wednesday_nine = "2026-12-02T09:00:00+01:00";
    static constexpr const char* k_parent_phone = "+46701234567";

    static std::int64_t ms(sys_minutes t) { return unix_seconds(t) * 1000; }
    // Monday 30 November 18:00 in Stockholm: Tuesday's reminder.
    static std::int64_t monday_six() {
        return ms(sys_minutes{date::sys_days{date::year{2026} / 11 / 30}} + std::chrono::hours{17});
    }

    created_booking book(const std::string& start, bool reminder = true) {
        booking_request request;
        request.unit = "test-unit";
        request.start = start;
        request.channel = "phone";
        request.phone = "070-123 45 67";
        request.sms_reminder = reminder;
        request.page_language = "en";
        auto created = service_.create(request);
        EXPECT_TRUE(created) << start;
        return created ? created.value() : created_booking{};
    }

    temp_dir dir_;
    twilio_fake fake_{dir_.path()};
    config settings_ = parse_config(
        allow_loopback_outgoing() + test_config_text("", "\n" + fake_.unit_telephony_keys()),
        "test.toml");
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    advisor_roster roster_{settings_.units};
    sys_seconds now_ = k_now;
    booking_store store_{db_, {}, [this](const booking_record& booking) {
                             return plan_text_reminder(settings_.find_unit(booking.unit), booking,
                                                       now_);
                         }};
    secret_key code_key_{1}, seal_key_{2};
    sealed_box contact_box_{seal_key_};
    booking_service service_{
        settings_.units,        roster_, store_, code_key_, contact_box_, find_meeting_platform,
        [this] { return now_; }};
    text_reminder_store reminders_{db_};
    metrics stats_;
    access_log log_;
    message_catalog messages_ = message_catalog::embedded();
    text_reminder_sender sender_{settings_,       messages_, reminders_, contact_box_,
                                 system_random(), stats_,    log_};
};

TEST_F(text_reminder_sender_test, a_busy_provider_is_retried_and_the_text_sent_once) {
    auto booking = book(k_tuesday_nine);
    auto planned = reminders_.of(booking.booking.id);
    ASSERT_TRUE(planned);
    EXPECT_EQ(planned->status, "pending");
    EXPECT_EQ(planned->due_at_ms, monday_six());
    EXPECT_EQ(sender_.send_due(monday_six() - 1), 0);

    fake_.fail_next_message(503, 1);
    EXPECT_EQ(sender_.send_due(monday_six()), 1);
    auto retried = reminders_.of(booking.booking.id);
    EXPECT_EQ(retried->status, "pending");
    EXPECT_EQ(retried->last_error, "telephony provider answered 503 (Twilio error 20500)");
    EXPECT_GT(retried->due_at_ms, monday_six());
    EXPECT_EQ(sender_.send_due(retried->due_at_ms), 1);
    auto sent = reminders_.of(booking.booking.id);
    EXPECT_EQ(sent->status, "sent");
    auto texts = fake_.messages();
    ASSERT_EQ(texts.size(), 1u);
    EXPECT_EQ(texts[0].at("sid").as_string(), sent->provider_id);
    EXPECT_EQ(texts[0].at("to").as_string(), k_parent_phone);
    EXPECT_EQ(texts[0].at("body").as_string(),
              "Reminder from Test unit: your phone conversation is on Tuesday 1 December at "
              "09:00. To change or cancel, go to our booking page, “Change or cancel”, with "
              "your booking code.");

    // Done is done.
    EXPECT_EQ(sender_.send_due(monday_six() + 3600 * 1000), 0);
    EXPECT_EQ(fake_.messages().size(), 1u);
    EXPECT_NE(stats_.render().find("samtal_events_total{event=\"text_reminders_sent\"} 1"),
              std::string::npos);
    EXPECT_EQ(stats_.render().find("+46"), std::string::npos);
}

// The answer lost after the request went out: the text may have arrived, so it is not sent
// again; staff see it as failed.
TEST_F(text_reminder_sender_test, a_text_whose_answer_was_lost_is_not_sent_again) {
    auto booking = book(k_tuesday_nine);
    fake_.answer_late(k_parent_phone, 1);
    EXPECT_EQ(sender_.send_due(monday_six()), 1);
    auto dead = reminders_.of(booking.booking.id);
    EXPECT_EQ(dead->status, "dead");
    EXPECT_EQ(sender_.send_due(monday_six() + 3600 * 1000), 0);
    EXPECT_EQ(fake_.messages().size(), 1u);
    EXPECT_NE(stats_.render().find("samtal_events_total{event=\"text_reminders_failed\"} 1"),
              std::string::npos);
}

// A crash between marking a reminder as being sent and recording the answer leaves it
// "sending": it is never picked up again, not even once its lease has run out.
TEST_F(text_reminder_sender_test, a_send_cut_short_is_not_repeated) {
    auto booking = book(k_tuesday_nine);
    ASSERT_EQ(reminders_.claim_due(monday_six(), 10, std::chrono::seconds(1)).size(), 1u);
    EXPECT_EQ(sender_.send_due(monday_six() + 3600 * 1000), 0);
    EXPECT_EQ(reminders_.of(booking.booking.id)->status, "sending");
    EXPECT_TRUE(fake_.message_requests().empty());
}

TEST_F(text_reminder_sender_test, a_move_plans_it_again_and_a_cancellation_drops_it) {
    auto booking = book(k_tuesday_nine);
    ASSERT_EQ(sender_.send_due(monday_six()), 1);
    // Moved after its text went: the new time gets its own, the day before it.
    now_ = sys_seconds{std::chrono::seconds{monday_six() / 1000 + 60}};
    ASSERT_TRUE(service_.reschedule(booking.code, k_wednesday_nine));
    auto replanned = reminders_.of(booking.booking.id);
    EXPECT_EQ(replanned->status, "pending");
    EXPECT_EQ(replanned->due_at_ms, monday_six() + 24 * 3600 * 1000);
    EXPECT_EQ(sender_.send_due(replanned->due_at_ms), 1);
    auto texts = fake_.messages();
    ASSERT_EQ(texts.size(), 2u);
    EXPECT_NE(std::string(texts[1].at("body").as_string()).find("Wednesday 2 December at 09:00"),
              std::string::npos);

    auto cancelled = book(k_tuesday_nine);
    ASSERT_TRUE(reminders_.of(cancelled.booking.id));
    ASSERT_TRUE(service_.cancel(cancelled.code));
    EXPECT_FALSE(reminders_.of(cancelled.booking.id));
}

TEST_F(text_reminder_sender_test, none_when_not_asked_or_booked_after_the_reminder_time) {
    auto not_asked = book(k_tuesday_nine, false);
    EXPECT_FALSE(reminders_.of(not_asked.booking.id));
    // Monday 19:00: Tuesday's reminder time has passed.
    now_ = sys_seconds{std::chrono::seconds{monday_six() / 1000 + 3600}};
    auto late = book(k_tuesday_nine);
    EXPECT_EQ(reminders_.of(late.booking.id)->status, "skipped");
    EXPECT_EQ(sender_.send_due(monday_six() + 4 * 3600 * 1000), 0);
    EXPECT_TRUE(fake_.message_requests().empty());
}

class text_reminders_test : public ::testing::Test {
protected:
    text_reminders_test() {
        const auto& zone = *find_time_zone("Europe/Stockholm");
        // The reminder goes at the start of the minute after next: time enough to book first.
        remind_at_ = date::ceil<std::chrono::minutes>(
            sys_seconds{date::floor<std::chrono::seconds>(std::chrono::system_clock::now())} + 40s);
        auto local = to_local(remind_at_, zone);
        today_ = date::floor<date::days>(local);
        minute_of_day_ = int((local - today_).count());
    }

    static std::string clock(int minutes) {
        char text[16];
        std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
        return text;
    }

    // Tomorrow (`days_on` 1) or the day after (2) at 10:00 + `minutes`, Stockholm time, in UTC.
    std::string at(int days_on, int minutes) const {
        auto wall =
            local_minutes{today_ + date::days{days_on}} + std::chrono::minutes{600 + minutes};
        return format_utc(sys_seconds{*to_instant(wall, *find_time_zone("Europe/Stockholm"))},
                          "%Y-%m-%dT%H:%M:00Z");
    }

    // A unit with telephony whose two advisors work 10:00-11:00 tomorrow and the day after,
    // and a unit without telephony.
    std::string config_text() const {
        static constexpr const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        auto weekday = [&](int days_on) {
            auto day = today_ + date::days{days_on};
            return days[(date::weekday{day}.c_encoding() + 6) % 7];
        };
        auto hours = std::string("{ ") + weekday(1) + " = [\"10:00-11:00\"], " + weekday(2) +
                     " = [\"10:00-11:00\"] }";
        auto advisors = [&](const std::string& unit) {
            std::string text;
            for (int n = 1; n <= 2; ++n)
                text += "\n  [[units.advisors]]\n  id = \"" + unit + "-" + std::to_string(n) +
                        "\"\n  name = \"Advisor " + std::to_string(n) +
                        "\"\n  site = \"rinkeby\"\n  email = \"advisor" + std::to_string(n) +
                        "@example.org\"\n  languages = [\"sv\"]\n  hours = " + hours + "\n";
            return text;
        };
        auto unit = [&](const std::string& id, const std::string& name, const std::string& extra) {
            return "\n[[units]]\nid = \"" + id + "\"\nname = \"" + name +
                   "\"\nconversation_minutes = 5\nbuffer_minutes = 0\nminimum_notice_hours = 0\n"
                   "channels = [\"phone\", \"video\"]\nplatforms = [\"zoom\"]\n"
                   "languages = [\"sv\", \"en\"]\n\n"
                   "  [[units.sites]]\n  id = \"rinkeby\"\n  name = \"Rinkeby\"\n" +
                   advisors(id) +
                   "\n  [units.invitations]\n  organizer_email = \"unit@example.org\"\n\n" + extra;
        };
        return "[server]\nthreads = 2\nshutdown_grace_ms = 3000\n\n[abuse_limits]\n" +
               k_generous_abuse_limits +
               "\n[secrets]\ncreate_missing_keys = true\n\n[outbox]\npoll_interval_ms = 200\n\n" +
               allow_loopback_outgoing() +
               unit("test-unit", "Rinkeby family support",
                    fake_.unit_telephony_keys() + "text_reminder_at = \"" + clock(minute_of_day_) +
                        "\"\nbooking_page_url = \"" + k_booking_page + "\"\n") +
               unit("plain-unit", "Plain unit", "");
    }

    http_answer call(const std::string& method, const std::string& target,
                     const std::string& body = "", const std::string& bearer = "") {
        std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
        if (!bearer.empty()) headers["Authorization"] = "Bearer " + bearer;
        return http_request(service_->port(), method, target, body, headers);
    }

    http_answer book(const std::string& start, const std::string& phone, bool reminder,
                     const std::string& locale = "en", const std::string& unit = "test-unit") {
        boost::json::object body{{"unit", unit},   {"start", start},   {"channel", "phone"},
                                 {"phone", phone}, {"locale", locale}, {"parent_role", "father"}};
        if (reminder) body["sms_reminder"] = true;
        return call("POST", "/api/v1/bookings", boost::json::serialize(body));
    }

    std::string code_of(const http_answer& answer) {
        EXPECT_EQ(answer.status, 201) << answer.body;
        if (answer.status != 201) return "";
        return std::string(boost::json::parse(answer.body).at("code").as_string());
    }

    temp_dir dir_;
    twilio_fake fake_{dir_.path()};
    sys_minutes remind_at_;
    date::local_days today_;
    int minute_of_day_ = 0;
    std::unique_ptr<service_process> service_;
};

TEST_F(text_reminders_test, arrive_once_the_day_before_for_those_who_asked_and_still_hold_it) {
    if (minute_of_day_ > 24 * 60 - 3) GTEST_SKIP() << "too close to midnight in Stockholm";
    service_ = std::make_unique<service_process>(config_text());

    // Kept: reminded in English.
    auto kept = code_of(book(at(1, 0), "070-111 11 11", true));
    // Kept, booked on the Swedish form: reminded in Swedish.
    auto form = call("GET", "/?unit=test-unit&lang=sv").body;
    std::smatch token;
    ASSERT_TRUE(
        std::regex_search(form, token, std::regex("name=\"form_token\" value=\"([^\"]+)\"")));
    auto posted = http_request(service_->port(), "POST", "/book",
                               "form_token=" + form_encoded(token[1]) +
                                   "&lang=sv&unit=test-unit&hosting=parent&channel=phone&phone=" +
                                   form_encoded("070-222 22 22") + "&sms_reminder=yes&start=" +
                                   form_encoded(at(1, 5)) + "&parent_role=unspecified",
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(posted.status, 200) << posted.body;
    // Cancelled: never reminded.
    auto cancelled = code_of(book(at(1, 0), "070-333 33 33", true));
    ASSERT_EQ(call("DELETE", "/api/v1/bookings/self", "", cancelled).status, 200);
    // Booked for the day after, moved to tomorrow: reminded today, at its new time.
    auto moved_here = code_of(book(at(2, 0), "070-444 44 44", true));
    auto moved =
        call("POST", "/api/v1/bookings/self/reschedule",
             boost::json::serialize(boost::json::object{{"start", at(1, 10)}}), moved_here);
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(boost::json::parse(moved.body).at("sms_reminder"), true) << moved.body;
    // Booked for tomorrow, moved to the day after: its reminder goes tomorrow, not today.
    auto moved_away = code_of(book(at(1, 10), "070-555 55 55", true));
    ASSERT_EQ(call("POST", "/api/v1/bookings/self/reschedule",
                   boost::json::serialize(boost::json::object{{"start", at(2, 10)}}), moved_away)
                  .status,
              200);
    // Did not ask.
    code_of(book(at(1, 15), "070-666 66 66", false));
    auto shown = boost::json::parse(call("GET", "/api/v1/bookings/self", "", kept).body);
    EXPECT_EQ(shown.at("sms_reminder"), true) << shown;

    // Nothing before the minute.
    EXPECT_TRUE(fake_.messages().empty());
    std::this_thread::sleep_until(std::chrono::system_clock::time_point{remind_at_} + 3s);
    for (int i = 0; i < 100 && fake_.messages().size() < 3; ++i) std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(1500ms);  // time for a wrong or second text to show

    auto texts = fake_.messages();
    ASSERT_EQ(texts.size(), 3u) << boost::json::serialize(boost::json::value_from(texts));
    std::map<std::string, std::string> bodies;
    for (const auto& text : texts) {
        EXPECT_EQ(text.at("from"), twilio_fake::from);
        bodies[std::string(text.at("to").as_string())] = text.at("body").as_string();
    }
    ASSERT_EQ(bodies.size(), 3u) << "once each";
    ASSERT_TRUE(bodies.contains("+46701111111"));
    ASSERT_TRUE(bodies.contains("+46702222222"));
    ASSERT_TRUE(bodies.contains("+46704444444"));
    const auto& english = bodies["+46701111111"];
    EXPECT_NE(english.find("Reminder from Rinkeby family support"), std::string::npos) << english;
    EXPECT_NE(english.find("at 10:00."), std::string::npos) << english;
    EXPECT_NE(english.find(k_booking_page), std::string::npos) << english;
    EXPECT_NE(bodies["+46704444444"].find("at 10:10."), std::string::npos)
        << bodies["+46704444444"];
    EXPECT_NE(bodies["+46702222222"].find("Påminnelse från Rinkeby family support"),
              std::string::npos)
        << bodies["+46702222222"];
    EXPECT_NE(bodies["+46702222222"].find("kl. 10:05"), std::string::npos);
    // The time, the unit and the link, nothing else: no code, advisor or role.
    for (const auto& [to, body] : bodies) {
        for (const auto& secret : {kept, moved_here, std::string("Advisor"), std::string("advisor"),
                                   std::string("father")})
            EXPECT_EQ(body.find(secret), std::string::npos) << secret << " in " << body;
    }

    // Sent is sent: later passes send nothing more.
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(fake_.messages().size(), 3u);

    // Counted, without numbers.
    auto metrics = call("GET", "/metrics").body;
    EXPECT_NE(metrics.find("samtal_events_total{event=\"text_reminders_sent\"} 3"),
              std::string::npos)
        << metrics;
    EXPECT_EQ(metrics.find("+4670"), std::string::npos);

    // Neither the numbers nor the texts are in any file the service wrote, its log included:
    // the numbers only sealed, the texts nowhere.
    service_->stop();
    auto written = service_->everything_written();
    for (const auto& [to, body] : bodies) {
        for (const auto& secret : {to, to.substr(3), body, body.substr(0, 24)})
            EXPECT_EQ(written.find(secret), std::string::npos) << secret;
    }
    EXPECT_EQ(written.find("070-111 11 11"), std::string::npos);
    EXPECT_EQ(written.find("0701111111"), std::string::npos);
}

TEST_F(text_reminders_test, are_offered_only_for_phone_conversations_with_a_unit_with_telephony) {
    service_ = std::make_unique<service_process>(config_text());

    // The form offers it where the unit has telephony, and not elsewhere.
    auto with = call("GET", "/?unit=test-unit&lang=en");
    ASSERT_EQ(with.status, 200);
    EXPECT_NE(with.body.find("name=\"sms_reminder\""), std::string::npos);
    EXPECT_NE(with.body.find("Send me a text message the day before"), std::string::npos);
    EXPECT_NE(with.body.find("At " + clock(minute_of_day_) + " the day before"), std::string::npos);
    auto without = call("GET", "/?unit=plain-unit&lang=en");
    ASSERT_EQ(without.status, 200);
    EXPECT_EQ(without.body.find("sms_reminder"), std::string::npos);
    EXPECT_EQ(without.body.find("text message"), std::string::npos);

    // The API refuses it for a unit without telephony and for a video conversation, by name,
    // and books nothing.
    auto no_telephony = book(at(1, 0), "070-111 11 11", true, "en", "plain-unit");
    EXPECT_EQ(no_telephony.status, 422) << no_telephony.body;
    EXPECT_NE(no_telephony.body.find("\"sms_reminder\""), std::string::npos);
    EXPECT_NE(no_telephony.body.find("not_offered"), std::string::npos);
    auto video = call(
        "POST", "/api/v1/bookings",
        boost::json::serialize(boost::json::object{{"unit", "test-unit"},
                                                   {"start", at(1, 0)},
                                                   {"channel", "video"},
                                                   {"platform", "zoom"},
                                                   {"hosting", "parent"},
                                                   {"join_link", "https://zoom.us/j/12345678901"},
                                                   {"sms_reminder", true}}));
    ASSERT_EQ(video.status, 422) << video.body;
    auto problem = boost::json::parse(video.body);
    bool named = false;
    for (const auto& error : problem.at("errors").as_array())
        named = named || (error.at("field") == "sms_reminder" && error.at("code") == "phone_only");
    EXPECT_TRUE(named) << video.body;
    // A wrong type is refused as any other field's.
    auto wrong = call("POST", "/api/v1/bookings",
                      boost::json::serialize(boost::json::object{{"unit", "test-unit"},
                                                                 {"start", at(1, 0)},
                                                                 {"channel", "phone"},
                                                                 {"phone", "070-111 11 11"},
                                                                 {"sms_reminder", "yes"}}));
    EXPECT_EQ(wrong.status, 422) << wrong.body;
    EXPECT_TRUE(fake_.message_requests().empty());
}

}  // namespace
}  // namespace samtal::testing
