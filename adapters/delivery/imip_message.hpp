// The e-mail that carries an invitation (iMIP, RFC 6047): multipart/alternative with a plain
// text part and a text/calendar part whose method matches the calendar's METHOD, plus the same
// calendar as an .ics attachment, so that Outlook, Gmail and Apple Mail offer Accept/Decline.
// Every header value is encoded (RFC 2047) or validated, so no text can inject a header.
#pragma once

#include <string>

#include "service/core/invitation_delivery.hpp"
#include "service/core/wall_time.hpp"

namespace samtal {

// The mail is dated when the invitation was composed.
std::string imip_message(const outgoing_invitation& invitation);

// Base64 in lines of 76 characters, as MIME bodies need.
std::string mime_base64(std::string_view data);

// A header value as RFC 2047 encoded words (UTF-8, base64), never splitting a character.
std::string encoded_words(std::string_view text);

}  // namespace samtal
