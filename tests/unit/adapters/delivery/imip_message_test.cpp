#include "adapters/delivery/imip_message.hpp"

#include <gtest/gtest.h>

#include "support/base64.hpp"

namespace samtal {
namespace {

using testing::decode_base64;

outgoing_invitation invitation() {
    outgoing_invitation i;
    i.method = itip_method::request;
    i.calendar_uid = "abc123@samtal";
    i.sequence = 2;
    i.outbox_id = 41;
    i.composed_at = sys_seconds{std::chrono::seconds{1795000000}};
    i.organizer_name = "Föräldrastöd Rinkeby-Kista";
    i.organizer_email = "unit@example.org";
    i.recipient_name = "Amina";
    i.recipient_email = "amina@example.org";
    i.subject = "Inbjudan: Föräldrasamtal\r\nBcc: evil@example.org";
    i.text = "Ring föräldern";
    i.ical = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
    return i;
}

std::string headers_of(const std::string& message) {
    return message.substr(0, message.find("\r\n\r\n"));
}

TEST(imip_message, calendar_part_method_matches_the_calendar) {
    auto message = imip_message(invitation());
    EXPECT_NE(message.find("Content-Type: text/calendar; method=REQUEST; charset=UTF-8"),
              std::string::npos);
    EXPECT_NE(message.find("Content-Type: multipart/alternative"), std::string::npos);
    EXPECT_NE(message.find("Content-Disposition: attachment; filename=\"invite.ics\""),
              std::string::npos);
    // One outbox message, one Message-ID, in the organizer's domain.
    EXPECT_NE(message.find("Message-ID: <abc123.2.REQUEST.41@example.org>"), std::string::npos);
    auto cancel = invitation();
    cancel.method = itip_method::cancel;
    EXPECT_NE(imip_message(cancel).find("method=CANCEL"), std::string::npos);
}

TEST(imip_message, no_text_can_add_a_header) {
    auto headers = headers_of(imip_message(invitation()));
    EXPECT_EQ(headers.find("Bcc:"), std::string::npos);
    // Every header line is a header or a folded continuation.
    std::size_t start = 0;
    while (start < headers.size()) {
        auto end = headers.find("\r\n", start);
        if (end == std::string::npos) end = headers.size();
        auto line = headers.substr(start, end - start);
        EXPECT_TRUE(line.starts_with(" ") || line.find(": ") != std::string::npos) << line;
        EXPECT_LE(line.size(), 998u);
        start = end + 2;
    }
}

TEST(imip_message, encoded_words_keep_characters_whole) {
    std::string text;
    for (int i = 0; i < 40; ++i) text += "åäö€";
    auto encoded = encoded_words(text);
    std::string decoded;
    std::size_t at = 0;
    while ((at = encoded.find("=?UTF-8?B?", at)) != std::string::npos) {
        auto end = encoded.find("?=", at + 10);
        auto word = decode_base64(encoded.substr(at + 10, end - at - 10));
        // Each word is valid UTF-8 on its own: it ends on a character boundary.
        EXPECT_NE(static_cast<unsigned char>(word.back()) & 0xC0, 0xC0);
        EXPECT_LE(end + 2 - at, 75u);
        decoded += word;
        at = end + 2;
    }
    EXPECT_EQ(decoded, text);
}

}  // namespace
}  // namespace samtal
