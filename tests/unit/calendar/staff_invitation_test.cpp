#include "service/calendar/staff_invitation.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

namespace samtal {
namespace {

booking_record booking() {
    booking_record b;
    b.start = date::sys_days{date::year{2026} / 12 / 1} + std::chrono::hours{16} +
              std::chrono::minutes{30};
    b.end = b.start + std::chrono::minutes{45};
    b.channel = "video";
    b.calendar_uid = "0123456789abcdef@samtal";
    b.sequence = 3;
    return b;
}

staff_invitation_input input(itip_method method,
                             std::string description = "Join: https://zoom.us/j/1") {
    return {booking(),
            method,
            "Föräldrastöd",
            "unit@example.org",
            "Amina",
            "amina@example.org",
            "Föräldrasamtal: video, somaliska",
            std::move(description)};
}

struct parsed_calendar {
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root{nullptr,
                                                                       &icalcomponent_free};
    icalcomponent* event = nullptr;
};

parsed_calendar parse(const std::string& text) {
    parsed_calendar out;
    out.root.reset(icalparser_parse_string(text.c_str()));
    if (out.root)
        out.event = icalcomponent_get_first_component(out.root.get(), ICAL_VEVENT_COMPONENT);
    return out;
}

const sys_seconds k_now{std::chrono::seconds{1795000000}};

TEST(staff_invitation, request_carries_uid_sequence_times_and_people) {
    auto text = staff_invitation(input(itip_method::request), k_now);
    auto calendar = parse(text);
    ASSERT_TRUE(calendar.event);
    EXPECT_EQ(icalcomponent_get_method(calendar.root.get()), ICAL_METHOD_REQUEST);
    EXPECT_STREQ(icalcomponent_get_uid(calendar.event), "0123456789abcdef@samtal");
    EXPECT_EQ(icalcomponent_get_sequence(calendar.event), 3);
    EXPECT_NE(text.find("DTSTART:20261201T163000Z"), std::string::npos);
    EXPECT_NE(text.find("DTEND:20261201T171500Z"), std::string::npos);
    EXPECT_NE(text.find("ORGANIZER;CN=Föräldrastöd:mailto:unit@example.org"), std::string::npos)
        << text;
    EXPECT_NE(text.find("mailto:amina@example.org"), std::string::npos);
    EXPECT_NE(text.find("STATUS:CONFIRMED"), std::string::npos);
    EXPECT_EQ(icalcomponent_count_errors(calendar.root.get()), 0);
}

TEST(staff_invitation, cancel_is_method_cancel_with_status_cancelled) {
    auto text = staff_invitation(input(itip_method::cancel), k_now);
    auto calendar = parse(text);
    ASSERT_TRUE(calendar.event);
    EXPECT_EQ(icalcomponent_get_method(calendar.root.get()), ICAL_METHOD_CANCEL);
    EXPECT_EQ(icalcomponent_get_status(calendar.event), ICAL_STATUS_CANCELLED);
}

TEST(staff_invitation, text_never_breaks_the_structure) {
    std::string hostile =
        "a,b;c\\d\nEND:VEVENT\r\nBEGIN:VEVENT\rUID:evil\r\n" + std::string(40, 'x');
    for (int i = 0; i < 30; ++i) hostile += "åäö€😀";
    auto text = staff_invitation(input(itip_method::request, hostile), k_now);
    auto calendar = parse(text);
    ASSERT_TRUE(calendar.event);
    EXPECT_EQ(icalcomponent_count_components(calendar.root.get(), ICAL_VEVENT_COMPONENT), 1);
    EXPECT_STREQ(icalcomponent_get_uid(calendar.event), "0123456789abcdef@samtal");
    // What went in comes out, line breaks as line breaks.
    std::string description = icalcomponent_get_description(calendar.event);
    EXPECT_NE(description.find("a,b;c\\d\nEND:VEVENT"), std::string::npos) << description;
    EXPECT_NE(description.find("åäö€😀åäö€😀"), std::string::npos);
    // Every physical line is at most 75 octets and no line starts inside a UTF-8 character.
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        ASSERT_NE(end, std::string::npos) << "a line not ended by CRLF";
        EXPECT_LE(end - start, 75u);
        if (end > start) {
            EXPECT_NE(static_cast<unsigned char>(text[start]) & 0xC0, 0x80);
        }
        if (start > 0 && text[start] == ' ' && start + 1 < text.size()) {
            EXPECT_NE(static_cast<unsigned char>(text[start + 1]) & 0xC0, 0x80)
                << "a fold split a character";
        }
        EXPECT_EQ(text.substr(start, end - start).find('\r'), std::string::npos) << "a bare CR";
        start = end + 2;
    }
}

}  // namespace
}  // namespace samtal
