#include "adapters/delivery/imip_message.hpp"

#include <openssl/evp.h>

#include <ctime>

#include "service/privacy/secret_key.hpp"

namespace samtal {
namespace {

std::string base64(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3), '\0');
    auto n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                             reinterpret_cast<const unsigned char*>(data.data()), int(data.size()));
    out.resize(std::size_t(n));
    return out;
}

// Header values we write ourselves must never carry a line break.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
    return out;
}

std::string mailbox(const std::string& name, const std::string& address) {
    auto clean = one_line(address);
    return name.empty() ? "<" + clean + ">" : encoded_words(name) + " <" + clean + ">";
}

std::string boundary() { return "samtal-" + random_hex(12); }

}  // namespace

std::string mime_base64(std::string_view data) {
    auto encoded = base64(data);
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
    return out;
}

std::string encoded_words(std::string_view text) {
    // 45 bytes of UTF-8 become 60 base64 characters: each word stays under 75 characters.
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + 45);
        // Back up to the start of a character.
        while (end < text.size() && end > start &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string imip_message(const outgoing_invitation& invitation) {
    auto method = std::string(method_name(invitation.method));
    auto mixed = boundary(), alternative = boundary();
    std::string m;
    m += "From: " + mailbox(invitation.organizer_name, invitation.organizer_email) + "\r\n";
    m += "To: " + mailbox(invitation.recipient_name, invitation.recipient_email) + "\r\n";
    m += "Subject: " + encoded_words(invitation.subject) + "\r\n";
    m += "Date: " + format_utc(invitation.composed_at, "%a, %d %b %Y %H:%M:%S +0000") + "\r\n";
    // The same outbox message gives the same Message-ID, so one sent again after a crash is
    // recognisably the same; the domain is the organizer's, whose mail this is.
    auto uid = one_line(invitation.calendar_uid);
    auto organizer = one_line(invitation.organizer_email);
    auto at = organizer.rfind('@');
    auto domain = at == std::string::npos ? std::string("localhost") : organizer.substr(at + 1);
    m += "Message-ID: <" + uid.substr(0, uid.find('@')) + "." +
         std::to_string(invitation.sequence) + "." + method + "." +
         std::to_string(invitation.outbox_id) + "@" + domain + ">\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n";
    m += "--" + mixed + "\r\n";
    m += "Content-Type: multipart/alternative; boundary=\"" + alternative + "\"\r\n\r\n";
    m += "--" + alternative + "\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += mime_base64(invitation.text);
    m += "--" + alternative + "\r\n";
    m += "Content-Type: text/calendar; method=" + method +
         "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += mime_base64(invitation.ical);
    m += "--" + alternative + "--\r\n";
    m += "--" + mixed + "\r\n";
    m += "Content-Type: application/ics; name=\"invite.ics\"\r\n"
         "Content-Disposition: attachment; filename=\"invite.ics\"\r\nContent-Transfer-Encoding: "
         "base64\r\n\r\n";
    m += mime_base64(invitation.ical);
    m += "--" + mixed + "--\r\n";
    return m;
}

}  // namespace samtal
