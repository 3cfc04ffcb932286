// Invitations as a mail server or the spool folder received them: a real SMTP server (aiosmtpd,
// tests/fakes/smtp_mailbox.py) on loopback writing a maildir, and a strict reading of each
// message's calendar part.
#pragma once

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "service/core/wall_time.hpp"
#include "support/base64.hpp"
#include "support/external_process.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {

using namespace std::chrono_literals;

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// What a received invitation mail says, read strictly: the MIME method and the calendar's.
struct received_invitation {
    std::string mime_method;
    std::string calendar_method;
    std::string uid;
    int sequence = -1;
    std::string attendee;
    std::string dtstart;
    std::string description;
    std::string raw_calendar;
};

inline received_invitation read_invitation(const std::string& raw_mail) {
    received_invitation out;
    // A maildir stores lines ended by LF; the spool keeps the CRLF of the wire.
    std::string mail;
    for (char c : raw_mail)
        if (c != '\r') mail += c;
    std::smatch match;
    if (std::regex_search(mail, match,
                          std::regex("Content-Type: text/calendar; method=([A-Z]+); charset=UTF-8\n"
                                     "Content-Transfer-Encoding: base64\n\n([A-Za-z0-9+/=\n]+)"))) {
        out.mime_method = match[1];
        out.raw_calendar = decode_base64(match[2]);
    }
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> root(
        icalparser_parse_string(out.raw_calendar.c_str()), &icalcomponent_free);
    if (!root) return out;
    EXPECT_EQ(icalcomponent_count_errors(root.get()), 0);
    out.calendar_method = icalproperty_method_to_string(icalcomponent_get_method(root.get()));
    auto* event = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT);
    if (!event) return out;
    out.uid = icalcomponent_get_uid(event);
    out.sequence = icalcomponent_get_sequence(event);
    auto* attendee = icalcomponent_get_first_property(event, ICAL_ATTENDEE_PROPERTY);
    if (attendee) out.attendee = icalproperty_get_attendee(attendee);
    out.dtstart = icaltime_as_ical_string(icalcomponent_get_dtstart(event));
    if (const char* text = icalcomponent_get_description(event)) out.description = text;
    return out;
}

inline std::vector<std::string> files_in(const std::filesystem::path& folder) {
    std::vector<std::string> files;
    if (!std::filesystem::exists(folder)) return files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().extension() != ".tmp")
            files.push_back(read_file(entry.path()));
    return files;
}

// How many invitations in `folder` (a spool) carry SEQUENCE `sequence`.
inline std::size_t spooled_with_sequence(const std::filesystem::path& folder, int sequence) {
    std::size_t found = 0;
    for (const auto& mail : files_in(folder))
        if (read_invitation(mail).sequence == sequence) ++found;
    return found;
}

// Waits until `count()` reaches `expected` (or the deadline passes) and returns the last count.
template <class Count>
inline std::size_t wait_for(std::size_t expected, Count count, std::chrono::seconds limit = 30s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    std::size_t seen = count();
    while (seen < expected && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
        seen = count();
    }
    return seen;
}

// "20261201T163000Z" for an RFC 3339 time with offset.
inline std::string utc_ical(const std::string& rfc3339) {
    return format_utc(*parse_rfc3339(rfc3339), "%Y%m%dT%H%M%SZ");
}

// How the test's mail server behaves (tests/fakes/smtp_mailbox.py).
struct smtp_options {
    std::chrono::milliseconds delay{0};     // before it stores and accepts each message
    std::filesystem::path tls_certificate;  // when given, STARTTLS with it is required
    std::filesystem::path tls_key;
};

class smtp_server {
public:
    explicit smtp_server(const temp_dir& dir, const smtp_options& options = {})
        : maildir_(dir.path() / "maildir"),
          process_(arguments(options), port_, (dir.path() / "smtp.log").string()) {}
    void start() { process_.start(); }
    void stop() { process_.stop(); }
    unsigned short port() const { return port_; }
    // Delivered mail only: a maildir keeps messages still being received in tmp/.
    std::vector<std::string> mails() const { return files_in(maildir_ / "new"); }

private:
    std::vector<std::string> arguments(const smtp_options& options) const {
        std::vector<std::string> argv{
            "/usr/bin/python3",    std::string(SAMTAL_SOURCE_DIR) + "/tests/fakes/smtp_mailbox.py",
            std::to_string(port_), maildir_.string(),
            "--delay-ms",          std::to_string(options.delay.count())};
        if (!options.tls_certificate.empty())
            argv.insert(argv.end(), {"--tls-cert", options.tls_certificate.string(), "--tls-key",
                                     options.tls_key.string()});
        return argv;
    }

    unsigned short port_ = free_port();
    std::filesystem::path maildir_;
    external_process process_;
};

inline std::string smtp_keys(unsigned short port) {
    return "  delivery = \"smtp\"\n  [units.invitations.smtp]\n  url = \"smtp://127.0.0.1:" +
           std::to_string(port) + "\"\n  tls = \"none\"\n  timeout_ms = 2000\n";
}

}  // namespace samtal::testing
