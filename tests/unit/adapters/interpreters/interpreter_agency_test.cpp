// What the agency adapters send and accept: the callback signature, the request as the agency
// API and the agency's mailbox get it (nothing identifying), and the answers read strictly.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/interpreters/http/callback_signature.hpp"
#include "adapters/interpreters/http/http_agency.hpp"
#include "service/outbox/invitation_text.hpp"
#include "support/test_config.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;

TEST(callback_signature, is_hmac_sha256_over_timestamp_dot_body) {
    // printf '%s' '1796131800.{"a":1}' | openssl dgst -sha256 -hmac secret
    EXPECT_EQ(callback_signature("secret", "1796131800", R"({"a":1})"),
              "v1=789f29b0a714392435ae535c97e50dead054acc6b2e96f046283e99c1ca5ebbc");
}

TEST(callback_signature, refuses_a_wrong_signature_and_a_stale_or_unreadable_timestamp) {
    auto now = sys_seconds{std::chrono::seconds{1796131800}};
    auto signed_at = [&](std::string_view timestamp) {
        return callback_signature("secret", timestamp, "body");
    };
    EXPECT_EQ(check_callback("secret", "1796131800", signed_at("1796131800"), "body", now),
              callback_check::authentic);
    EXPECT_EQ(check_callback("secret", "1796131500", signed_at("1796131500"), "body", now),
              callback_check::authentic);  // exactly five minutes old
    EXPECT_EQ(check_callback("secret", "1796131499", signed_at("1796131499"), "body", now),
              callback_check::stale);
    EXPECT_EQ(check_callback("secret", "1796132101", signed_at("1796132101"), "body", now),
              callback_check::stale);
    EXPECT_EQ(check_callback("secret", "soon", signed_at("soon"), "body", now),
              callback_check::stale);
    EXPECT_EQ(check_callback("secret", "1796131800", signed_at("1796131800"), "body!", now),
              callback_check::bad_signature);
    EXPECT_EQ(check_callback("other", "1796131800", signed_at("1796131800"), "body", now),
              callback_check::bad_signature);
    EXPECT_EQ(check_callback("secret", "1796131800", "", "body", now),
              callback_check::bad_signature);
}

TEST(agency_answer, is_read_strictly) {
    auto read = [](std::string_view text) {
        return read_agency_answer(boost::json::parse(text).as_object());
    };
    auto phone = read(
        R"({"status":"confirmed","interpreter":{"reference":"T-1","joins_by":"phone","phone":"070"}})");
    ASSERT_TRUE(phone);
    EXPECT_EQ(phone->status, interpreter_status::confirmed);
    EXPECT_EQ(phone->phone, "070");
    EXPECT_EQ(read(R"({"status":"declined"})")->status, interpreter_status::declined);
    EXPECT_EQ(read(R"({"status":"requested"})")->status, interpreter_status::requested);
    for (auto refused :
         {R"({"status":"maybe"})", R"({})", R"({"status":"confirmed"})",
          R"({"status":"confirmed","interpreter":{"reference":"T-1"}})",
          R"({"status":"confirmed","interpreter":{"reference":"T-1","joins_by":"phone"}})",
          R"({"status":"confirmed","interpreter":{"reference":"T 1\n","joins_by":"video"}})"}) {
        SCOPED_TRACE(refused);
        EXPECT_FALSE(read(refused));
    }
}

class agency_request_test : public ::testing::Test {
protected:
    agency_request_test()
        : settings_(parse_config(
              testing::test_config_text(
                  "",
                  "\n  [units.interpreters]\n  agency = \"email\"\n"
                  "  mailbox = \"tolk@agency.example\"\n  name = \"Tolkförmedlingen\"\n"),
              "test.toml")),
          messages_(message_catalog::embedded()) {
        auto start = date::floor<std::chrono::minutes>(*parse_rfc3339("2026-12-02T17:00:00+01:00"));
        booking_.id = 7;
        booking_.unit = "test-unit";
        booking_.advisor = "amina";
        booking_.start = start;
        booking_.end = start + 45min;
        booking_.channel = "video";
        booking_.platform = "zoom";
        booking_.hosting = "parent";
        booking_.language = "ar";
        booking_.calendar_uid = "booking-uid@samtal";
        request_.id = 42;
        request_.booking_id = 7;
        request_.unit = "test-unit";
        request_.agency = "email";
        request_.language = "ar";
        request_.dialect = "iraqi";
        request_.competence = "authorised";
        request_.gender = "female";
        request_.modes = {"video", "phone"};
        request_.start = booking_.start;
        request_.end = booking_.end;
        request_.answer_by = booking_.start - 24h;
        request_.calendar_uid = "request-uid@samtal";
        request_.sequence = 3;
    }

    agency_request compose(itip_method method = itip_method::request) {
        return compose_agency_request(request_, method, booking_, settings_.units[0], k_link,
                                      messages_, sys_seconds{booking_.start} - 48h);
    }

    static constexpr const char* k_link = "https://us05web.zoom.us/j/85912345678?pwd=AbCdEf123";
    config settings_;
    message_catalog messages_;
    booking_record booking_;
    interpreter_request request_;
};

TEST_F(agency_request_test, holds_the_order_and_nothing_that_identifies_the_parent) {
    auto agency = compose();
    auto json = agency_request_json(agency);
    auto body = boost::json::parse(json).as_object();
    EXPECT_EQ(body.at("reference").as_string(), "IR-000042");
    EXPECT_EQ(body.at("language").as_string(), "ar");
    EXPECT_EQ(body.at("gender").as_string(), "female");
    EXPECT_EQ(body.at("start").as_string(), "2026-12-02T16:00:00Z");
    EXPECT_EQ(body.at("modes").as_array().size(), 2u);
    EXPECT_FALSE(body.contains("join"));
    for (const auto& text : {json, agency.invitation.text, agency.invitation.ical}) {
        EXPECT_EQ(text.find("zoom.us/j"), std::string::npos) << text;
        EXPECT_EQ(text.find("booking-uid"), std::string::npos) << text;
        EXPECT_EQ(text.find("amina"), std::string::npos) << text;
    }
    // The readable form for the agency's mailbox, in the unit's staff language.
    EXPECT_EQ(agency.invitation.recipient_email, "tolk@agency.example");
    EXPECT_EQ(agency.invitation.calendar_uid, "request-uid@samtal");
    EXPECT_EQ(agency.invitation.sequence, 3);
    EXPECT_NE(agency.invitation.text.find("Referens: IR-000042"), std::string::npos)
        << agency.invitation.text;
    EXPECT_NE(agency.invitation.text.find("Tolkens kön: kvinna"), std::string::npos);
    EXPECT_NE(agency.invitation.text.find("Dialekt: irakisk"), std::string::npos);
    EXPECT_EQ(body.at("dialect").as_string(), "iraqi");
    EXPECT_NE(agency.invitation.text.find("Tolkar via: video, telefon"), std::string::npos);
    EXPECT_NE(agency.invitation.text.find("Tid: 2026-12-02 17:00–17:45"), std::string::npos);
}

TEST_F(agency_request_test, only_a_confirmed_video_interpreter_gets_the_join_link) {
    request_.status = interpreter_status::confirmed;
    request_.joins_by = "phone";
    EXPECT_EQ(agency_request_json(compose()).find("zoom.us"), std::string::npos);
    request_.joins_by = "video";
    auto agency = compose();
    auto body = boost::json::parse(agency_request_json(agency)).as_object();
    EXPECT_EQ(body.at("join").at("link").as_string(), k_link);
    EXPECT_NE(agency.invitation.text.find(k_link), std::string::npos);
    EXPECT_NE(agency.invitation.text.find("Zoom"), std::string::npos);  // the instructions
    // Not in a withdrawal.
    EXPECT_EQ(compose(itip_method::cancel).invitation.text.find(k_link), std::string::npos);
}

}  // namespace
}  // namespace samtal
