#include "service/config/accounts_reader.hpp"

#include <algorithm>

#include "adapters/delivery/registry.hpp"
#include "adapters/interpreters/registry.hpp"
#include "adapters/meetings/registry.hpp"
#include "adapters/telephony/registry.hpp"
#include "service/config/value_readers.hpp"

namespace samtal {

invitations_config read_invitations(const table_reader& reader, const std::string& unit_name) {
    reader.refuse_unknown_keys({"organizer_name", "organizer_email", "staff_language", "delivery",
                                "spool_folder", "smtp", "caldav"});
    invitations_config invitations;
    invitations.organizer_name = reader.string("organizer_name", unit_name);
    invitations.organizer_email =
        reader.has("organizer_email") ? email(reader, "organizer_email") : "";
    invitations.staff_language = reader.string("staff_language", "sv");
    invitations.delivery = delivery_kind(reader, "delivery", "spool");
    invitations.spool_folder = reader.string("spool_folder", "spool");

    auto smtp = reader.table("smtp");
    smtp.refuse_unknown_keys({"url", "tls", "username", "password_env", "verify_tls", "ca_file",
                              "ehlo_name", "timeout_ms"});
    if (smtp.has("url")) invitations.smtp.url = web_address(smtp, "url", {"smtp", "smtps"});
    invitations.smtp.tls =
        smtp.string("tls", invitations.smtp.url.starts_with("smtps://") ? "implicit" : "starttls");
    if (invitations.smtp.tls != "starttls" && invitations.smtp.tls != "none" &&
        invitations.smtp.tls != "implicit")
        smtp.fail("tls", "expected \"starttls\", \"implicit\" or \"none\"");
    if ((invitations.smtp.tls == "implicit") != invitations.smtp.url.starts_with("smtps://") &&
        !invitations.smtp.url.empty())
        smtp.fail("tls", "\"implicit\" goes with an smtps:// url, and only with one");
    invitations.smtp.username = smtp.string("username", "");
    invitations.smtp.password = secret_from_environment(smtp, "password_env");
    invitations.smtp.verify_tls = smtp.boolean("verify_tls", true);
    if (smtp.has("ca_file")) invitations.smtp.ca_file = smtp.readable_file("ca_file");
    if (smtp.has("ehlo_name")) {
        invitations.smtp.ehlo_name = smtp.string("ehlo_name");
        const auto& name = invitations.smtp.ehlo_name;
        if (name.size() > 253 || name.front() == '.' || name.front() == '-' ||
            !std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
            }))
            smtp.fail("ehlo_name", "expected a host name, like mail.example.org");
    }
    invitations.smtp.timeout =
        std::chrono::milliseconds(smtp.integer("timeout_ms", 15000, 100, 300000));

    auto caldav = reader.table("caldav");
    caldav.refuse_unknown_keys(
        {"username", "password_env", "bearer_env", "verify_tls", "ca_file", "timeout_ms"});
    invitations.caldav.username = caldav.string("username", "");
    invitations.caldav.password = secret_from_environment(caldav, "password_env");
    invitations.caldav.bearer_token = secret_from_environment(caldav, "bearer_env");
    invitations.caldav.verify_tls = caldav.boolean("verify_tls", true);
    if (caldav.has("ca_file")) invitations.caldav.ca_file = caldav.readable_file("ca_file");
    invitations.caldav.timeout =
        std::chrono::milliseconds(caldav.integer("timeout_ms", 15000, 100, 300000));
    return invitations;
}

// A platform account; the providers' addresses are in the file so that tests can point them
// at local fakes.
hosted_meetings_config read_hosted_meetings(const table_reader& reader) {
    reader.refuse_unknown_keys({"platform", "account_id", "client_id", "client_secret_env",
                                "user_id", "token_url", "api_url", "verify_tls", "timeout_ms"});
    hosted_meetings_config hosted;
    hosted.platform = reader.string("platform");
    const auto* kind = meeting_platform_kinds().find(hosted.platform);
    if (!kind || !kind->host)
        reader.fail("platform", "\"" + hosted.platform + "\" cannot host meetings (expected " +
                                    listed(meeting_host_names(), " or ") + ")");
    bool zoom = hosted.platform == "zoom";
    hosted.account_id = reader.string("account_id");
    hosted.client_id = reader.string("client_id");
    hosted.client_secret = secret_from_environment(reader, "client_secret_env");
    if (hosted.client_secret.empty())
        reader.fail("client_secret_env", "missing (expected the variable holding the secret)");
    hosted.user_id = reader.string("user_id");
    hosted.token_url =
        web_address(reader, "token_url", {"https", "http"},
                    zoom ? "https://zoom.us/oauth/token" : "https://login.microsoftonline.com");
    hosted.api_url =
        web_address(reader, "api_url", {"https", "http"},
                    zoom ? "https://api.zoom.us/v2" : "https://graph.microsoft.com/v1.0");
    hosted.verify_tls = reader.boolean("verify_tls", true);
    hosted.timeout = std::chrono::milliseconds(reader.integer("timeout_ms", 15000, 100, 300000));
    return hosted;
}

interpreters_config read_interpreters(const table_reader& reader,
                                      const invitations_config& invitations) {
    reader.refuse_unknown_keys({"agency", "competence", "competence_required",
                                "answer_within_minutes", "answer_before_start_minutes", "mailbox",
                                "name", "delivery", "api_url", "api_key_env", "callback_secret_env",
                                "poll_interval_seconds", "verify_tls", "timeout_ms"});
    interpreters_config interpreters;
    interpreters.agency = reader.string("agency");
    if (!interpreter_agency_kinds().find(interpreters.agency))
        reader.fail("agency", "\"" + interpreters.agency + "\" is not an agency kind (expected " +
                                  listed(interpreter_agency_kinds().names(), ", ") + ")");
    interpreters.competence = reader.string("competence", "authorised");
    if (interpreters.competence != "authorised" && interpreters.competence != "trained" &&
        interpreters.competence != "other")
        reader.fail("competence", "expected \"authorised\", \"trained\" or \"other\"");
    interpreters.competence_required = reader.boolean("competence_required", false);
    interpreters.answer_within =
        std::chrono::minutes(reader.integer("answer_within_minutes", 24 * 60, 0, 14 * 24 * 60));
    interpreters.answer_before_start = std::chrono::minutes(
        reader.integer("answer_before_start_minutes", 24 * 60, 0, 14 * 24 * 60));
    bool email_agency = interpreters.agency == "email";
    for (auto key : {"mailbox", "name", "delivery"})
        if (!email_agency && reader.has(key)) reader.fail(key, "only an email agency has this");
    for (auto key : {"api_url", "api_key_env", "callback_secret_env", "poll_interval_seconds",
                     "verify_tls", "timeout_ms"})
        if (email_agency && reader.has(key)) reader.fail(key, "only an http agency has this");
    if (email_agency) {
        interpreters.mailbox = email(reader, "mailbox");
        interpreters.name = reader.string("name", "");
        interpreters.delivery =
            reader.has("delivery") ? delivery_kind(reader, "delivery", "") : invitations.delivery;
        // A mailbox is not a calendar collection.
        if (interpreters.delivery == "caldav")
            reader.fail("delivery", "an agency's mailbox takes spool or smtp delivery");
        if (interpreters.delivery == "smtp" && invitations.smtp.url.empty())
            reader.fail("delivery", "smtp delivery needs [units.invitations.smtp] with a url");
        return interpreters;
    }
    interpreters.api_url = web_address(reader, "api_url", {"https", "http"});
    interpreters.api_key = secret_from_environment(reader, "api_key_env");
    if (interpreters.api_key.empty())
        reader.fail("api_key_env", "missing (expected the variable holding the API key)");
    interpreters.callback_secret = secret_from_environment(reader, "callback_secret_env");
    if (interpreters.callback_secret.size() < 32)
        reader.fail("callback_secret_env",
                    "missing or short (expected the variable holding a shared secret of at "
                    "least 32 characters)");
    interpreters.poll_interval =
        std::chrono::seconds(reader.integer("poll_interval_seconds", 300, 1, 24 * 3600));
    interpreters.verify_tls = reader.boolean("verify_tls", true);
    interpreters.timeout =
        std::chrono::milliseconds(reader.integer("timeout_ms", 15000, 100, 300000));
    return interpreters;
}

telephony_config read_telephony(const table_reader& reader) {
    reader.refuse_unknown_keys({"provider", "account_sid", "auth_token_env", "from", "api_url",
                                "verify_tls", "timeout_ms", "messaging_service_sid",
                                "text_reminder_at", "booking_page_url"});
    telephony_config telephony;
    telephony.provider = reader.string("provider");
    if (!is_telephony_provider(telephony.provider))
        reader.fail("provider", "\"" + telephony.provider +
                                    "\" is not a telephony provider (expected " +
                                    listed(telephony_providers().names(), ", ") + ")");
    telephony.account_sid = reader.string("account_sid");
    // Twilio's account SIDs: "AC" and 32 hex digits. It goes into the API's paths.
    auto& sid = telephony.account_sid;
    if (sid.size() != 34 || !sid.starts_with("AC") ||
        !std::all_of(sid.begin() + 2, sid.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
        reader.fail("account_sid", "expected the account's SID: AC and 32 hex digits");
    telephony.auth_token = secret_from_environment(reader, "auth_token_env");
    if (telephony.auth_token.empty())
        reader.fail("auth_token_env", "missing (expected the variable holding the auth token)");
    telephony.from = phone_number(reader, "from");
    telephony.api_url = web_address(reader, "api_url", {"https", "http"}, "https://api.twilio.com");
    telephony.verify_tls = reader.boolean("verify_tls", true);
    telephony.timeout = std::chrono::milliseconds(reader.integer("timeout_ms", 15000, 100, 300000));
    // The parents' text reminders (core/text_reminder.hpp).
    telephony.messaging_service_sid = reader.string("messaging_service_sid", "");
    const auto& service = telephony.messaging_service_sid;
    if (!service.empty() && (service.size() != 34 || !service.starts_with("MG") ||
                             !std::all_of(service.begin() + 2, service.end(), [](char c) {
                                 return std::isxdigit(static_cast<unsigned char>(c));
                             })))
        reader.fail("messaging_service_sid",
                    "expected the messaging service's SID: MG and 32 hex digits");
    auto reminder_at = parse_minutes_of_day(reader.string("text_reminder_at", "18:00"));
    if (!reminder_at || reminder_at->value >= 24 * 60)
        reader.fail("text_reminder_at", "expected a time of day like \"18:00\"");
    telephony.text_reminder_at = *reminder_at;
    if (reader.has("booking_page_url"))
        telephony.booking_page_url = web_address(reader, "booking_page_url", {"https"});
    return telephony;
}

}  // namespace samtal
