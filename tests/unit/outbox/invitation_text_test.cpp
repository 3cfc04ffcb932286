#include "service/outbox/invitation_text.hpp"

#include <gtest/gtest.h>

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
    return compose_invitation(booking, itip_method::request, unit, *unit.find_advisor("erik"),
                              "+46701234567", interpreter_news{}, message_catalog::embedded(),
                              sys_seconds{booking.start - std::chrono::hours{24}})
        .text;
}

TEST(invitation_text, names_the_interpreters_dialect_when_the_parent_chose_one) {
    auto booking = somali_call_with_an_interpreter();
    booking.dialect = "maay";
    auto text = invitation_text(booking);
    EXPECT_NE(text.find("Föräldern har bett om tolk på Somaliska."), std::string::npos) << text;
    EXPECT_NE(text.find("Tolken ska tala dialekten: Maay (sydlig)."), std::string::npos) << text;
}

TEST(invitation_text, says_nothing_of_a_dialect_when_none_was_chosen) {
    auto text = invitation_text(somali_call_with_an_interpreter());
    EXPECT_NE(text.find("Föräldern har bett om tolk på Somaliska."), std::string::npos) << text;
    EXPECT_EQ(text.find("dialekt"), std::string::npos) << text;
}

}  // namespace
}  // namespace samtal
