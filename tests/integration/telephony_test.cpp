// The Twilio adapter against a local fake that follows Twilio's documented Conference
// Participants requests and answers (tests/fakes/twilio.py).
#include <gtest/gtest.h>

#include <regex>

#include "adapters/telephony/registry.hpp"
#include "adapters/telephony/twilio/twilio_conference.hpp"
#include "adapters/telephony/twilio/twilio_messages.hpp"
#include "support/base64.hpp"
#include "support/temp_dir.hpp"
#include "support/twilio_fake.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

class twilio_test : public ::testing::Test {
protected:
    twilio_test() {
        account_.provider = "twilio";
        account_.account_sid = twilio_fake::account_sid;
        account_.auth_token = twilio_fake::auth_token;
        account_.from = twilio_fake::from;
        account_.api_url = fake_.base_url();
        account_.timeout = 2000ms;
    }

    static conference_dial advisor_dial() {
        return {"3f9a1c0e5b7d42e8a6c1f0b9d8e7a6b5", "advisor", "+46701234567", true, 75min};
    }

    temp_dir dir_;
    twilio_fake fake_{dir_.path()};
    telephony_config account_;
    // The fake is on loopback, which outgoing calls reach only when allowed by name.
    outgoing_config loopback_{{"127.0.0.1"}};
};

TEST_F(twilio_test, calls_a_person_into_the_named_conference) {
    twilio_conference bridge(account_, loopback_);
    auto result = bridge.dial(advisor_dial());
    ASSERT_EQ(result.status, delivery_status::delivered) << result.reason;

    auto requests = fake_.requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& request = requests[0];
    EXPECT_EQ(request.at("path").as_string(),
              "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Conferences/"
              "3f9a1c0e5b7d42e8a6c1f0b9d8e7a6b5/Participants.json");
    std::string authorization(request.at("authorization").as_string());
    ASSERT_TRUE(authorization.starts_with("Basic "));
    EXPECT_EQ(decode_base64(authorization.substr(6)),
              std::string(twilio_fake::account_sid) + ":" + twilio_fake::auth_token);
    EXPECT_EQ(request.at("content_type").as_string(), "application/x-www-form-urlencoded");
    const auto& form = request.at("form").as_object();
    EXPECT_EQ(form.at("From").as_string(), "+46850550000");
    EXPECT_EQ(form.at("To").as_string(), "+46701234567");
    EXPECT_EQ(form.at("Label").as_string(), "advisor");
    EXPECT_EQ(form.at("StartConferenceOnEnter").as_string(), "true");
    EXPECT_EQ(form.at("EndConferenceOnExit").as_string(), "true");
    EXPECT_EQ(form.at("Record").as_string(), "false");
    EXPECT_EQ(form.at("ConferenceRecord").as_string(), "do-not-record");
    EXPECT_EQ(form.at("MaxParticipants").as_string(), "3");
    EXPECT_EQ(form.at("TimeLimit").as_string(), "4500");
    EXPECT_EQ(form.at("Timeout").as_string(), "60");
    // The "+" of an E.164 number is percent-encoded on the wire, not sent as a space.
    EXPECT_NE(request.at("body").as_string().find("To=%2B46701234567"), std::string::npos);
}

TEST_F(twilio_test, others_wait_for_the_advisor_and_do_not_end_the_call) {
    twilio_conference bridge(account_, loopback_);
    auto parent = advisor_dial();
    parent.role = "parent";
    parent.to = "+46731112233";
    parent.leads = false;
    ASSERT_EQ(bridge.dial(parent).status, delivery_status::delivered);
    auto form = fake_.requests().at(0).at("form").as_object();
    EXPECT_EQ(form.at("Label").as_string(), "parent");
    EXPECT_EQ(form.at("StartConferenceOnEnter").as_string(), "false");
    EXPECT_EQ(form.at("EndConferenceOnExit").as_string(), "false");
}

TEST_F(twilio_test, a_wrong_auth_token_is_for_an_operator_not_a_retry) {
    account_.auth_token = "not-the-token";
    twilio_conference bridge(account_, loopback_);
    auto result = bridge.dial(advisor_dial());
    EXPECT_EQ(result.status, delivery_status::failed_permanently);
    EXPECT_EQ(result.reason, "telephony provider answered 401 (Twilio error 20003)");
}

TEST_F(twilio_test, busy_and_broken_providers_are_retried_refusals_are_not) {
    twilio_conference bridge(account_, loopback_);
    struct scripted {
        int status;
        delivery_status expected;
        std::string reason;
    };
    for (const auto& step :
         std::vector<scripted>{{429, delivery_status::retry_later,
                                "telephony provider answered 429 (Twilio error 20429)"},
                               {503, delivery_status::retry_later,
                                "telephony provider answered 503 (Twilio error 20500)"},
                               {500, delivery_status::retry_later,
                                "telephony provider answered 500 (Twilio error 20500)"},
                               {404, delivery_status::failed_permanently,
                                "telephony provider answered 404 (Twilio error 20404)"}}) {
        SCOPED_TRACE(step.status);
        fake_.fail_next(step.status, 1);
        auto result = bridge.dial(advisor_dial());
        EXPECT_EQ(result.status, step.expected);
        EXPECT_EQ(result.reason, step.reason);
    }
    EXPECT_EQ(bridge.dial(advisor_dial()).status, delivery_status::delivered);
}

TEST_F(twilio_test, no_answer_is_retried) {
    account_.timeout = 500ms;
    twilio_conference bridge(account_, loopback_);
    fake_.go_silent(1);
    EXPECT_EQ(bridge.dial(advisor_dial()).status, delivery_status::retry_later);

    account_.api_url = "http://127.0.0.1:" + std::to_string(free_port());
    twilio_conference nobody_there(account_, loopback_);
    EXPECT_EQ(nobody_there.dial(advisor_dial()).status, delivery_status::retry_later);
}

TEST_F(twilio_test, a_refused_number_is_not_repeated_in_the_reason) {
    twilio_conference bridge(account_, loopback_);
    auto dial = advisor_dial();
    dial.to = "+4670";  // too short: Twilio's message would quote it
    auto result = bridge.dial(dial);
    EXPECT_EQ(result.status, delivery_status::failed_permanently);
    EXPECT_EQ(result.reason, "telephony provider answered 400 (Twilio error 21211)");
}

TEST_F(twilio_test, the_provider_is_reached_only_where_outgoing_calls_may_go) {
    outgoing_config public_only;
    twilio_conference bridge(account_, public_only);
    auto result = bridge.dial(advisor_dial());
    EXPECT_EQ(result.status, delivery_status::failed_permanently);
    EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(twilio_test, looks_up_whether_the_conference_runs_and_who_is_called) {
    twilio_conference bridge(account_, loopback_);
    auto dial = advisor_dial();
    conference_state state{true, {"someone"}};
    ASSERT_EQ(bridge.look_up(dial.conference, state).status, delivery_status::delivered);
    EXPECT_FALSE(state.started) << "no conference yet";
    EXPECT_TRUE(state.called.empty());
    ASSERT_EQ(bridge.dial(dial).status, delivery_status::delivered);
    ASSERT_EQ(bridge.look_up(dial.conference, state).status, delivery_status::delivered);
    EXPECT_TRUE(state.started);
    EXPECT_EQ(state.called, std::vector<std::string>{"advisor"});

    auto requests = fake_.all_requests();
    ASSERT_EQ(requests.size(), 4u);
    EXPECT_EQ(requests[0].at("method").as_string(), "GET");
    EXPECT_EQ(requests[0].at("path").as_string(),
              "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Conferences.json");
    EXPECT_EQ(requests[0].at("query").as_string(), "FriendlyName=3f9a1c0e5b7d42e8a6c1f0b9d8e7a6b5");
    EXPECT_EQ(requests[0].at("authorization").as_string(),
              requests[1].at("authorization").as_string());
    EXPECT_TRUE(std::regex_match(
        std::string(requests[3].at("path").as_string()),
        std::regex("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Conferences/"
                   "CF[0-9a-f]{32}/Participants\\.json")))
        << requests[3].at("path").as_string();

    // A leader whose phone only rings has not started it, but is being called.
    fake_.never_answer("+46709999999");
    auto unanswered = advisor_dial();
    unanswered.conference = "0000000000000000000000000000000a";
    unanswered.to = "+46709999999";
    ASSERT_EQ(bridge.dial(unanswered).status, delivery_status::delivered);
    ASSERT_EQ(bridge.look_up(unanswered.conference, state).status, delivery_status::delivered);
    EXPECT_FALSE(state.started);
    EXPECT_EQ(state.called, std::vector<std::string>{"advisor"});
}

TEST_F(twilio_test, a_failed_look_up_is_classified_like_a_call) {
    twilio_conference bridge(account_, loopback_);
    conference_state state;
    fake_.fail_next_check(503, 1);
    EXPECT_EQ(bridge.look_up("3f9a1c0e5b7d42e8a6c1f0b9d8e7a6b5", state).status,
              delivery_status::retry_later);
    account_.auth_token = "not-the-token";
    auto refused = bridge.look_up("3f9a1c0e5b7d42e8a6c1f0b9d8e7a6b5", state);
    EXPECT_EQ(refused.status, delivery_status::failed_permanently);
    EXPECT_EQ(refused.reason, "telephony provider answered 401 (Twilio error 20003)");
}

TEST(telephony_registry, finds_twilio_by_name_and_nothing_else) {
    EXPECT_TRUE(is_telephony_provider("twilio"));
    EXPECT_FALSE(is_telephony_provider("Twilio"));
    EXPECT_FALSE(is_telephony_provider(""));
    telephony_config account;
    account.provider = "twilio";
    outgoing_config outgoing;
    EXPECT_NE(make_telephony_bridge(account, outgoing), nullptr);
    account.provider = "vonage";
    EXPECT_EQ(make_telephony_bridge(account, outgoing), nullptr);
}

// Text messages: the Messages API with To, From and Body, the message's SID kept as the record
// that it was taken.
TEST_F(twilio_test, sends_a_text_message_and_keeps_its_sid) {
    twilio_messages messenger(account_, loopback_);
    auto result = messenger.send({"+46701234567", "Reminder: Tuesday 1 December at 09:00."});
    ASSERT_EQ(result.outcome.status, delivery_status::delivered) << result.outcome.reason;
    EXPECT_TRUE(std::regex_match(result.provider_id, std::regex("SM[0-9a-f]{32}")))
        << result.provider_id;
    auto requests = fake_.message_requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].at("path").as_string(),
              "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
    std::string authorization(requests[0].at("authorization").as_string());
    EXPECT_EQ(decode_base64(authorization.substr(6)),
              std::string(twilio_fake::account_sid) + ":" + twilio_fake::auth_token);
    const auto& form = requests[0].at("form").as_object();
    EXPECT_EQ(form.size(), 3u);
    EXPECT_EQ(form.at("To").as_string(), "+46701234567");
    EXPECT_EQ(form.at("From").as_string(), twilio_fake::from);
    EXPECT_EQ(form.at("Body").as_string(), "Reminder: Tuesday 1 December at 09:00.");
    auto taken = fake_.messages();
    ASSERT_EQ(taken.size(), 1u);
    EXPECT_EQ(taken[0].at("sid").as_string(), result.provider_id);
    EXPECT_TRUE(fake_.requests().empty()) << "a text is not a call";
}

TEST_F(twilio_test, a_messaging_service_sends_instead_of_the_number) {
    account_.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
    twilio_messages messenger(account_, loopback_);
    auto result = messenger.send({"+46701234567", "Hej"});
    ASSERT_EQ(result.outcome.status, delivery_status::delivered) << result.outcome.reason;
    auto requests = fake_.message_requests();
    ASSERT_EQ(requests.size(), 1u);
    const auto& form = requests[0].at("form").as_object();
    EXPECT_FALSE(form.contains("From"));
    EXPECT_EQ(form.at("MessagingServiceSid").as_string(), account_.messaging_service_sid);
}

TEST_F(twilio_test, text_refusals_keep_the_code_not_the_number_and_only_busy_ones_retry) {
    twilio_messages messenger(account_, loopback_);
    auto refused = messenger.send({"+4670", "Hej"});
    EXPECT_EQ(refused.outcome.status, delivery_status::failed_permanently);
    EXPECT_EQ(refused.outcome.reason, "telephony provider answered 400 (Twilio error 21211)");
    EXPECT_FALSE(refused.may_have_been_sent);
    fake_.fail_next_message(429, 1);
    auto busy = messenger.send({"+46701234567", "Hej"});
    EXPECT_EQ(busy.outcome.status, delivery_status::retry_later);
    EXPECT_FALSE(busy.may_have_been_sent) << "Twilio answered: it took nothing";
    account_.auth_token = "not-the-token";
    auto unauthorised = twilio_messages(account_, loopback_).send({"+46701234567", "Hej"});
    EXPECT_EQ(unauthorised.outcome.reason, "telephony provider answered 401 (Twilio error 20003)");
    EXPECT_TRUE(fake_.messages().empty());
}

// No answer after the request went out: it may have been sent, so it must not be sent again.
// Nobody listening: nothing went out, so trying again is safe.
TEST_F(twilio_test, a_lost_answer_may_have_sent_the_text_a_refused_connection_did_not) {
    account_.timeout = 500ms;
    fake_.answer_late("+46701234567", 1);
    auto lost = twilio_messages(account_, loopback_).send({"+46701234567", "Hej"});
    EXPECT_EQ(lost.outcome.status, delivery_status::retry_later);
    EXPECT_TRUE(lost.may_have_been_sent);
    EXPECT_EQ(fake_.messages().size(), 1u) << "and it was";

    account_.api_url = "http://127.0.0.1:" + std::to_string(free_port());
    auto nobody = twilio_messages(account_, loopback_).send({"+46701234567", "Hej"});
    EXPECT_EQ(nobody.outcome.status, delivery_status::retry_later);
    EXPECT_FALSE(nobody.may_have_been_sent);
}

}  // namespace
}  // namespace samtal::testing
