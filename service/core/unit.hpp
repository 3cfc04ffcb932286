// A unit as the core knows it: its sites, its advisors with their hours, absences and
// languages, what it offers parents, and the accounts it reaches outside systems with. Plain
// values; service/config reads them from the configuration file.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/core/wall_time.hpp"

namespace samtal {

// How a unit's invitations reach advisors' calendars.
struct smtp_settings {
    std::string url;  // smtp://host:port (STARTTLS per `tls`) or smtps://host:port
    std::string tls =
        "starttls";  // "starttls" (required), "none" (loopback tests only), "implicit"
    std::string username;
    std::string password;  // read from the environment variable named in the file
    bool verify_tls = true;
    // Certificates to trust instead of the system's bundle (a municipality's own CA); empty:
    // the system's.
    std::filesystem::path ca_file;
    // The name samtal gives itself in EHLO; empty: the machine's host name.
    std::string ehlo_name;
    std::chrono::milliseconds timeout{15000};
};

struct caldav_settings {
    std::string username;
    std::string password;      // from the environment variable named in the file
    std::string bearer_token;  // from the environment variable named in the file
    bool verify_tls = true;
    std::filesystem::path ca_file;  // as for smtp_settings
    std::chrono::milliseconds timeout{15000};
};

struct invitations_config {
    std::string organizer_name;
    std::string organizer_email;
    std::string staff_language = "sv";  // the language of the advisors' invitations
    std::string delivery = "spool";     // "spool", "smtp" or "caldav"; an advisor may override
    std::filesystem::path spool_folder = "spool";  // relative to the data folder
    smtp_settings smtp;
    caldav_settings caldav;
};

// A platform account the unit hosts meetings on (Zoom Server-to-Server OAuth, or Microsoft
// Graph with client credentials), for parents who have no meeting app account of their own.
struct hosted_meetings_config {
    std::string platform;    // "zoom" or "teams"
    std::string account_id;  // Zoom: the account id; Teams: the Entra tenant id
    std::string client_id;
    std::string client_secret;  // from the environment variable named in the file
    std::string user_id;        // whose calendar the meetings are in (Zoom user, Graph user id)
    std::string token_url;      // Zoom: https://zoom.us/oauth/token; Graph: the login host
    std::string api_url;        // https://api.zoom.us/v2 or https://graph.microsoft.com/v1.0
    bool verify_tls = true;
    std::chrono::milliseconds timeout{15000};
};

// Where a unit orders interpreters: an agency's mailbox (an iMIP request through the invitation
// delivery; staff enter the answer) or an agency's HTTP API (docs/interpreter-agency-api.md).
struct interpreters_config {
    std::string agency;  // "email" or "http"; empty: the unit orders interpreters itself
    std::string competence = "authorised";              // "authorised", "trained" or "other"
    bool competence_required = false;                   // false: the level is desired, not required
    std::chrono::minutes answer_within{24 * 60};        // after booking
    std::chrono::minutes answer_before_start{24 * 60};  // before the conversation
    // email
    std::string mailbox;
    std::string name;      // the agency, as its invitations address it
    std::string delivery;  // "spool" or "smtp"; empty: the unit's invitations' delivery
    // http
    std::string api_url;
    std::string api_key;          // from the environment variable named in the file
    std::string callback_secret;  // from the environment variable named in the file
    std::chrono::seconds poll_interval{300};
    bool verify_tls = true;
    std::chrono::milliseconds timeout{15000};
};

// A unit's account with a telephony provider, for three-way phone calls: at the start of a
// phone conversation that needs an interpreter the service calls the advisor, the parent and
// the interpreter into one conference (service/core/telephony.hpp).
struct telephony_config {
    std::string provider;     // "twilio"
    std::string account_sid;  // Twilio: the account's SID (AC and 32 hex digits)
    std::string auth_token;   // from the environment variable named in the file
    std::string from;         // E.164: the unit's number that the calls come from
    std::string api_url;      // https://api.twilio.com
    bool verify_tls = true;
    std::chrono::milliseconds timeout{15000};
    // Text reminders (core/text_reminder.hpp): sent from this messaging service (Twilio:
    // MG and 32 hex digits) instead of `from`, when set; at this wall time the day before the
    // conversation; with this link to the unit's booking page, where the parent changes or
    // cancels (empty: the text says where in words).
    std::string messaging_service_sid;
    minutes_of_day text_reminder_at{18 * 60};
    std::string booking_page_url;
};

// Where people report an accessibility problem or ask for content in another form, as the
// accessibility statement (/accessibility) names it: the law (DOS-lagen) asks for a contact.
struct accessibility_contact_config {
    std::string email;  // defaults to the invitations' organizer_email
    std::string phone;  // E.164, or empty
};

struct site_config {
    std::string id;
    std::string name;
};

// One working period on one weekday, in the unit's wall time.
struct working_period {
    minutes_of_day start;
    minutes_of_day end;
};

// An absence from a wall time up to (not including) a wall time; whole days in the file are
// turned into midnight-to-midnight.
struct absence {
    local_minutes from;
    local_minutes until;
    std::int64_t id = 0;  // the store's, to remove it by
};

struct advisor_config {
    std::string id;
    std::string name;
    std::string site;
    std::string email;
    std::vector<std::string> languages;
    // Index 0 is Monday.
    std::array<std::vector<working_period>, 7> hours;
    std::vector<absence> absences;
    std::string delivery;      // empty: the unit's
    std::string calendar_url;  // the CalDAV collection, for caldav delivery
    std::string phone;         // E.164, for three-way calls the service dials; empty: none
    bool active = true;        // false: retired; keeps the conversations they were sent
    int version = 0;           // the store's, rising with every change (stale writes)

    bool speaks(std::string_view language) const;
};

struct unit_config {
    std::string id;
    std::string name;
    std::string time_zone = "Europe/Stockholm";
    int conversation_minutes = 45;
    int buffer_minutes = 15;
    int minimum_notice_hours = 4;
    int horizon_days = 28;
    minutes_of_day evening_from{17 * 60};
    std::vector<std::string> channels;
    std::vector<std::string> platforms;
    std::vector<std::string> languages;
    std::vector<std::string> topics;
    std::vector<site_config> sites;
    // The advisors as the configuration file names them: written to the store on first start,
    // which is the truth from then on (core/advisor_roster.hpp has them as they are now).
    std::vector<advisor_config> advisors_from_file;
    invitations_config invitations;
    std::vector<hosted_meetings_config> hosted_meetings;
    interpreters_config interpreters;
    std::optional<telephony_config> telephony;
    // A short, friendly text for the unit's page, by language code; a language without one
    // shows the default language's.
    std::map<std::string, std::string, std::less<>> welcome;
    accessibility_contact_config accessibility;

    bool offers_channel(std::string_view channel) const;
    bool offers_platform(std::string_view platform) const;
    const hosted_meetings_config* hosted_meetings_on(std::string_view platform) const;
    bool offers_language(std::string_view language) const;
    bool offers_topic(std::string_view topic) const;
};

// The unit with this id among `units`, or nullptr.
const unit_config* find_unit(const std::vector<unit_config>& units, std::string_view unit_id);

}  // namespace samtal
