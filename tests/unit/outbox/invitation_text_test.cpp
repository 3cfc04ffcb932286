#include "service/outbox/invitation_text.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "service/core/advisor_roster.hpp"
#include "support/test_config.hpp"

namespace samtal {
namespace {

// A Somali phone call for Erik, who does not speak Somali, so an interpreter is needed.
booking_record somali_call_with_an_interpreter() {
    booking_record booking;
    booking.id = 7;
    booking.unit = "test-unit";
    booking.site = "rinkeby";
    booking.advisor = "erik";
    booking.start = sys_minutes{std::chrono::minutes{29'500'000}};
    booking.end = booking.start + std::chrono::minutes{45};
    booking.channel = "phone";
    booking.language = "so";
    booking.interpreter_requested = true;
    booking.interpreter = true;
    booking.calendar_uid = "0123456789abcdef@samtal";
    return booking;
}

std::string invitation_text(const booking_record& booking) {
    auto settings = testing::test_config();
    const auto& unit = settings.units.front();
    return compose_invitation(booking, itip_method::request, unit,
                              *find_advisor(unit.advisors_from_file, "erik"), "+46701234567",
                              interpreter_news{}, message_catalog::embedded(),
                              sys_seconds{booking.start - std::chrono::hours{24}})
        .text;
}

TEST(invitation_text, names_the_interpreters_dialect_when_the_parent_chose_one) {
    auto booking = somali_call_with_an_interpreter();
    booking.dialect = "maay";
    auto text = invitation_text(booking);
    EXPECT_NE(text.find("Föräldern har bett om tolk på somaliska."), std::string::npos) << text;
    EXPECT_NE(text.find("Tolken ska tala dialekten: maay (sydlig)."), std::string::npos) << text;
}

TEST(invitation_text, says_nothing_of_a_dialect_when_none_was_chosen) {
    auto text = invitation_text(somali_call_with_an_interpreter());
    EXPECT_NE(text.find("Föräldern har bett om tolk på somaliska."), std::string::npos) << text;
    EXPECT_EQ(text.find("dialekt"), std::string::npos) << text;
}

TEST(invitation_text, writes_language_names_as_the_staff_language_does_mid_sentence) {
    auto text = invitation_text(somali_call_with_an_interpreter());
    EXPECT_TRUE(text.starts_with("Föräldrasamtal: telefon, somaliska, tolk behövs\n")) << text;
    // English names languages with a capital letter anywhere.
    auto settings = testing::test_config();
    auto& unit = settings.units.front();
    unit.invitations.staff_language = "en";
    auto booking = somali_call_with_an_interpreter();
    auto english = compose_invitation(booking, itip_method::request, unit,
                                      *find_advisor(unit.advisors_from_file, "erik"),
                                      "+46701234567", interpreter_news{},
                                      message_catalog::embedded(), sys_seconds{booking.start})
                       .text;
    EXPECT_TRUE(english.starts_with("Parent conversation: phone, Somali, interpreter needed\n"))
        << english;
    EXPECT_NE(english.find("The parent asked for an interpreter in Somali."), std::string::npos);
}

// The test unit with a Twilio account and a phone for Erik.
config with_telephony() {
    ::setenv("SAMTAL_TEST_TWILIO_TOKEN", "token", 1);
    auto text = testing::test_config_text(
        "",
        "\n[units.telephony]\nprovider = \"twilio\"\n"
        "account_sid = \"AC0123456789abcdef0123456789abcdef\"\n"
        "auth_token_env = \"SAMTAL_TEST_TWILIO_TOKEN\"\nfrom = \"+46850550000\"\n");
    auto at = text.find("email = \"erik@example.org\"\n");
    text.insert(at, "phone = \"073-555 12 34\"\n  ");
    return parse_config(text, "test.toml");
}

std::string phone_call_text(const config& settings,
                            const std::optional<std::string>& interpreter_phone) {
    const auto& unit = settings.units.front();
    return compose_invitation(somali_call_with_an_interpreter(), itip_method::request, unit,
                              *find_advisor(unit.advisors_from_file, "erik"), "+46701234567",
                              interpreter_news{std::nullopt, interpreter_phone},
                              message_catalog::embedded(), sys_seconds{})
        .text;
}

TEST(invitation_text, a_bridged_call_says_the_service_calls_and_how_to_do_it_by_hand) {
    auto text = phone_call_text(with_telephony(), "+46761234567");
    EXPECT_NE(text.find("Tjänsten ringer upp dig på 073-555 12 34 när samtalet börjar"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Om inget samtal har kommit två minuter efter starttiden"),
              std::string::npos);
    EXPECT_NE(text.find("1. Ring föräldern på 070-123 45 67 (+46701234567)."), std::string::npos);
    EXPECT_NE(text.find("ring tolken på 076-123 45 67"), std::string::npos);
    EXPECT_NE(text.find("”Koppla ihop samtal”"), std::string::npos);
}

TEST(invitation_text, without_telephony_the_advisor_conferences_the_interpreter_in) {
    auto text = phone_call_text(testing::test_config(), std::nullopt);
    EXPECT_EQ(text.find("Tjänsten ringer upp dig"), std::string::npos) << text;
    EXPECT_NE(text.find("1. Ring föräldern på 070-123 45 67"), std::string::npos) << text;
    EXPECT_NE(text.find("ring tolken på numret i tolkförmedlingens bekräftelse"),
              std::string::npos);
    // An advisor without a phone of their own in a unit with telephony: the same.
    auto settings = with_telephony();
    settings.units.front().advisors_from_file[1].phone.clear();
    EXPECT_EQ(phone_call_text(settings, std::nullopt).find("Tjänsten ringer upp dig"),
              std::string::npos);
}

}  // namespace
}  // namespace samtal
