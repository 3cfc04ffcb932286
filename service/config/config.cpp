#include "service/config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "adapters/delivery/registry.hpp"
#include "adapters/interpreters/registry.hpp"
#include "adapters/meetings/registry.hpp"
#include "adapters/telephony/registry.hpp"
#include "service/core/languages.hpp"
#include "service/core/validation.hpp"
#include "service/privacy/secret_key.hpp"

namespace samtal {
namespace {

constexpr std::array<std::string_view, 7> k_weekdays{"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};
constexpr std::array<std::string_view, 2> k_channels{"phone", "video"};

// Reads one table of the file, knowing its path for messages, and refuses keys the schema
// does not name.
class table_reader {
public:
    table_reader(const toml::table& table, std::string source, std::string path)
        : table_(table), source_(std::move(source)), path_(std::move(path)) {}

    [[noreturn]] void fail(std::string_view key, std::string_view expected) const {
        std::ostringstream message;
        message << source_ << ": " << qualified(key) << ": " << expected;
        throw config_error(message.str());
    }

    void refuse_unknown_keys(std::initializer_list<std::string_view> known) const {
        for (auto&& [key, value] : table_) {
            if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
            std::string list;
            for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
            fail(key.str(), "unknown key (expected one of: " + list + ")");
        }
    }

    bool has(std::string_view key) const { return table_.contains(key); }

    std::string string(std::string_view key,
                       std::optional<std::string> fallback = std::nullopt) const {
        const auto* node = table_.get(key);
        if (!node) {
            if (fallback) return *fallback;
            fail(key, "missing (expected a string)");
        }
        auto value = node->value<std::string>();
        if (!value || value->empty()) fail(key, "expected a non-empty string");
        return *value;
    }

    // A file named relative to the config file (or absolute) that exists and can be read now,
    // so that a wrong path shows at start-up rather than as a failed delivery.
    std::filesystem::path readable_file(std::string_view key) const {
        auto file = std::filesystem::path(source_).parent_path() / string(key);
        if (!std::ifstream(file).good()) fail(key, "cannot read the file " + file.string());
        return file;
    }

    std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const {
        const auto* node = table_.get(key);
        if (!node) return fallback;
        auto value = node->as_integer();
        if (!value || value->get() < min || value->get() > max)
            fail(key, "expected a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max));
        return value->get();
    }

    bool boolean(std::string_view key, bool fallback) const {
        const auto* node = table_.get(key);
        if (!node) return fallback;
        auto value = node->as_boolean();
        if (!value) fail(key, "expected true or false");
        return value->get();
    }

    std::vector<std::string> strings(std::string_view key) const {
        const auto* node = table_.get(key);
        if (!node) return {};
        const auto* array = node->as_array();
        if (!array) fail(key, "expected an array of strings");
        std::vector<std::string> result;
        for (const auto& item : *array) {
            auto value = item.value<std::string>();
            if (!value || value->empty()) fail(key, "expected an array of non-empty strings");
            if (std::find(result.begin(), result.end(), *value) != result.end())
                fail(key, "\"" + *value + "\" is listed twice");
            result.push_back(*value);
        }
        return result;
    }

    table_reader table(std::string_view key) const {
        const auto* node = table_.get(key);
        static const toml::table empty;
        if (!node) return table_reader(empty, source_, qualified(key));
        const auto* table = node->as_table();
        if (!table) fail(key, "expected a table");
        return table_reader(*table, source_, qualified(key));
    }

    std::vector<table_reader> tables(std::string_view key) const {
        const auto* node = table_.get(key);
        if (!node) return {};
        const auto* array = node->as_array();
        if (!array) fail(key, "expected an array of tables ([[" + qualified(key) + "]])");
        std::vector<table_reader> result;
        std::size_t index = 0;
        for (const auto& item : *array) {
            const auto* table = item.as_table();
            if (!table) fail(key, "expected an array of tables");
            result.emplace_back(*table, source_,
                                qualified(key) + "[" + std::to_string(index++) + "]");
        }
        return result;
    }

    const toml::table& raw() const { return table_; }
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

private:
    const toml::table& table_;
    std::string source_;
    std::string path_;
};

// "^[a-z0-9][a-z0-9-]*$": ids appear in URLs, logs and database rows.
bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 64 || text.front() == '-') return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// Language codes from the catalogue (service/core/languages.cpp), so that every language on
// offer has its names in every form language and the dialects interpreters are ordered in.
std::vector<std::string> catalogue_languages(const table_reader& reader, std::string_view key) {
    auto codes = reader.strings(key);
    for (const auto& code : codes) {
        if (find_language(code)) continue;
        std::string known;
        for (const auto& entry : language_catalogue())
            known += (known.empty() ? "" : ", ") + std::string(entry.code);
        reader.fail(key, "\"" + code + "\" is not in the language catalogue (expected one of: " +
                             known + ")");
    }
    return codes;
}

std::string identifier(const table_reader& reader, std::string_view key) {
    auto value = reader.string(key);
    if (!is_identifier(value))
        reader.fail(key, "expected lower-case letters, digits and '-' (at most 64)");
    return value;
}

local_minutes absence_bound(const table_reader& reader, std::string_view key, bool is_end) {
    const auto* node = reader.raw().get(key);
    if (!node)
        reader.fail(
            key, "missing (expected a date like 2026-12-24 or a local time like 2026-12-24T13:00)");
    if (auto date = node->value<toml::date>()) {
        date::year_month_day ymd{date::year{date->year}, date::month{date->month},
                                 date::day{date->day}};
        auto day = local_minutes{date::local_days{ymd}.time_since_epoch()};
        // A whole-day absence ends at the midnight after its last day.
        return is_end ? day + date::days{1} : day;
    }
    if (auto when = node->value<toml::date_time>()) {
        if (when->offset)
            reader.fail(key, "expected a local time without an offset (the unit's wall time)");
        date::year_month_day ymd{date::year{when->date.year}, date::month{when->date.month},
                                 date::day{when->date.day}};
        return local_minutes{date::local_days{ymd}.time_since_epoch()} +
               std::chrono::hours{when->time.hour} + std::chrono::minutes{when->time.minute};
    }
    reader.fail(key, "expected a date like 2026-12-24 or a local time like 2026-12-24T13:00");
}

// The adapters a registry knows, for a message: "spool, smtp, caldav".
std::string listed(const std::vector<std::string_view>& names, std::string_view separator) {
    std::string list;
    for (auto name : names)
        list += (list.empty() ? "" : std::string(separator)) + std::string(name);
    return list;
}

bool is_email(std::string_view text) {
    auto at = text.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < text.size() && text.size() <= 254 &&
           text.find_first_of(" \r\n\t<>,;\"()[]\\") == std::string_view::npos;
}

std::string email(const table_reader& reader, std::string_view key) {
    auto value = reader.string(key);
    if (!is_email(value)) reader.fail(key, "expected an e-mail address like name@example.org");
    return value;
}

// A secret named by the environment variable in `key`; "" when the key is absent.
std::string secret_from_environment(const table_reader& reader, std::string_view key) {
    if (!reader.has(key)) return {};
    auto name = reader.string(key);
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) reader.fail(key, "the environment variable " + name + " is not set");
    return value;
}

std::string delivery_kind(const table_reader& reader, std::string_view key, std::string fallback) {
    auto kind = reader.string(key, fallback);
    if (!delivery_kinds().find(kind))
        reader.fail(key, "\"" + kind + "\" is not a delivery (expected " +
                             listed(delivery_kinds().names(), ", ") + ")");
    return kind;
}

// An http(s) URL without credentials in it.
std::string web_address(const table_reader& reader, std::string_view key,
                        std::initializer_list<std::string_view> schemes,
                        std::optional<std::string> fallback = std::nullopt) {
    auto value = reader.string(key, fallback);
    bool scheme_ok = std::any_of(schemes.begin(), schemes.end(), [&](std::string_view scheme) {
        return value.starts_with(std::string(scheme) + "://");
    });
    auto authority = value.substr(value.find("://") + 3);
    authority = authority.substr(0, authority.find('/'));
    if (!scheme_ok || authority.empty() || authority.find('@') != std::string::npos ||
        value.find_first_of(" \r\n\t") != std::string::npos) {
        std::string list;
        for (auto scheme : schemes)
            list += (list.empty() ? "" : " or ") + std::string(scheme) + "://";
        reader.fail(key, "expected a " + list + " address without credentials in it");
    }
    return value;
}

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

// A phone number the service may call: the checks a parent's number gets, in E.164.
std::string phone_number(const table_reader& reader, std::string_view key) {
    auto value = reader.string(key);
    auto checked = check_phone(value);
    if (!checked.e164)
        reader.fail(key, "\"" + value +
                             "\" is not a phone number that can be called (expected one like "
                             "+46 8 123 456 00 or 08-123 456 00)");
    return *checked.e164;
}

telephony_config read_telephony(const table_reader& reader) {
    reader.refuse_unknown_keys({"provider", "account_sid", "auth_token_env", "from", "api_url",
                                "verify_tls", "timeout_ms"});
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
    return telephony;
}

advisor_config read_advisor(const table_reader& reader, const unit_config& unit) {
    reader.refuse_unknown_keys({"id", "name", "site", "email", "languages", "hours", "absences",
                                "delivery", "calendar_url", "phone"});
    advisor_config advisor;
    advisor.id = identifier(reader, "id");
    advisor.name = reader.string("name");
    advisor.site = reader.string("site");
    if (std::none_of(unit.sites.begin(), unit.sites.end(),
                     [&](const auto& s) { return s.id == advisor.site; }))
        reader.fail("site", "\"" + advisor.site + "\" is not one of this unit's sites");
    advisor.email = email(reader, "email");
    advisor.delivery = reader.has("delivery") ? delivery_kind(reader, "delivery", "") : "";
    if (reader.has("calendar_url"))
        advisor.calendar_url = web_address(reader, "calendar_url", {"http", "https"});
    if (reader.has("phone")) advisor.phone = phone_number(reader, "phone");
    advisor.languages = catalogue_languages(reader, "languages");
    if (advisor.languages.empty()) reader.fail("languages", "expected at least one language code");

    auto hours = reader.table("hours");
    hours.refuse_unknown_keys({"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    for (std::size_t day = 0; day < k_weekdays.size(); ++day) {
        for (const auto& text : hours.strings(k_weekdays[day])) {
            auto dash = text.find('-');
            auto start = parse_minutes_of_day(text.substr(0, dash));
            auto end = dash == std::string::npos ? std::nullopt
                                                 : parse_minutes_of_day(text.substr(dash + 1));
            if (!start || !end || !(*start < *end) || start->value >= 24 * 60)
                hours.fail(k_weekdays[day],
                           "\"" + text + "\" is not a period like \"09:00-12:00\"");
            auto& periods = advisor.hours[day];
            for (const auto& other : periods)
                if (start->value < other.end.value && other.start.value < end->value)
                    hours.fail(k_weekdays[day],
                               "\"" + text + "\" overlaps another period that day");
            periods.push_back({*start, *end});
        }
        std::sort(advisor.hours[day].begin(), advisor.hours[day].end(),
                  [](const auto& a, const auto& b) { return a.start < b.start; });
    }

    for (const auto& entry : reader.tables("absences")) {
        entry.refuse_unknown_keys({"from", "to"});
        auto from = absence_bound(entry, "from", false);
        auto until = absence_bound(entry, "to", true);
        if (until <= from) entry.fail("to", "must come after \"from\"");
        advisor.absences.push_back({from, until});
    }
    return advisor;
}

unit_config read_unit(const table_reader& reader) {
    reader.refuse_unknown_keys({"id",
                                "name",
                                "time_zone",
                                "conversation_minutes",
                                "buffer_minutes",
                                "minimum_notice_hours",
                                "horizon_days",
                                "evening_from",
                                "channels",
                                "platforms",
                                "languages",
                                "topics",
                                "sites",
                                "advisors",
                                "invitations",
                                "hosted_meetings",
                                "interpreters",
                                "telephony",
                                "welcome",
                                "accessibility"});
    unit_config unit;
    unit.id = identifier(reader, "id");
    unit.name = reader.string("name");
    unit.time_zone = reader.string("time_zone", "Europe/Stockholm");
    if (!find_time_zone(unit.time_zone))
        reader.fail("time_zone",
                    "\"" + unit.time_zone + "\" is not a time zone in the tz database");
    // Conversations start on a five-minute grid so that the database can claim time in
    // five-minute blocks (see store/booking_store.cpp).
    unit.conversation_minutes = int(reader.integer("conversation_minutes", 45, 5, 240));
    unit.buffer_minutes = int(reader.integer("buffer_minutes", 15, 0, 120));
    if (unit.conversation_minutes % 5)
        reader.fail("conversation_minutes", "expected a multiple of 5");
    if (unit.buffer_minutes % 5) reader.fail("buffer_minutes", "expected a multiple of 5");
    unit.minimum_notice_hours = int(reader.integer("minimum_notice_hours", 4, 0, 24 * 14));
    unit.horizon_days = int(reader.integer("horizon_days", 28, 1, 730));
    auto evening = reader.string("evening_from", "17:00");
    auto evening_from = parse_minutes_of_day(evening);
    if (!evening_from) reader.fail("evening_from", "expected a time like \"17:00\"");
    unit.evening_from = *evening_from;

    unit.channels = reader.strings("channels");
    if (unit.channels.empty()) unit.channels = {"phone", "video"};
    for (const auto& channel : unit.channels)
        if (std::find(k_channels.begin(), k_channels.end(), channel) == k_channels.end())
            reader.fail("channels", "\"" + channel + "\" is not a channel (expected phone, video)");
    unit.platforms = reader.strings("platforms");
    for (const auto& platform : unit.platforms)
        if (!find_meeting_platform(platform))
            reader.fail("platforms", "\"" + platform + "\" is not a platform (expected " +
                                         listed(meeting_platform_kinds().names(), ", ") + ")");
    if (unit.offers_channel("video") && unit.platforms.empty())
        reader.fail("platforms", "a unit offering video must name at least one platform");
    // Without a list the unit offers the whole catalogue (an interpreter can be booked in any
    // of its languages); advisors' own languages are added below either way.
    if (reader.has("languages")) {
        unit.languages = catalogue_languages(reader, "languages");
    } else {
        for (const auto& entry : language_catalogue()) unit.languages.emplace_back(entry.code);
    }
    unit.topics = reader.strings("topics");
    for (const auto& topic : unit.topics)
        if (!is_identifier(topic))
            reader.fail("topics", "\"" + topic + "\" is not a topic identifier");

    auto welcome = reader.table("welcome");
    for (auto&& [language, text] : welcome.raw()) {
        auto code = std::string(language.str());
        if (!is_identifier(code) || code.size() > 8)
            welcome.fail(code, "is not a language code like \"ar\" or \"prs\"");
        unit.welcome.emplace(code, welcome.string(code));
    }

    for (const auto& entry : reader.tables("sites")) {
        entry.refuse_unknown_keys({"id", "name"});
        site_config site{identifier(entry, "id"), entry.string("name")};
        for (const auto& other : unit.sites)
            if (other.id == site.id)
                entry.fail("id", "\"" + site.id + "\" is used by another site");
        unit.sites.push_back(site);
    }
    if (unit.sites.empty()) reader.fail("sites", "expected at least one [[units.sites]]");

    for (const auto& entry : reader.tables("advisors")) {
        auto advisor = read_advisor(entry, unit);
        if (unit.find_advisor(advisor.id))
            entry.fail("id", "\"" + advisor.id + "\" is used by another advisor");
        for (const auto& language : advisor.languages)
            if (!unit.offers_language(language)) unit.languages.push_back(language);
        unit.advisors.push_back(std::move(advisor));
    }
    if (unit.advisors.empty()) reader.fail("advisors", "expected at least one [[units.advisors]]");

    auto invitations = reader.table("invitations");
    unit.invitations = read_invitations(invitations, unit.name);
    if (unit.invitations.organizer_email.empty())
        invitations.fail("organizer_email",
                         "missing (expected the unit's mailbox, the invitations' organizer)");
    auto accessibility = reader.table("accessibility");
    accessibility.refuse_unknown_keys({"email", "phone"});
    unit.accessibility.email = accessibility.has("email") ? email(accessibility, "email")
                                                          : unit.invitations.organizer_email;
    if (accessibility.has("phone")) unit.accessibility.phone = phone_number(accessibility, "phone");
    for (const auto& entry : reader.tables("hosted_meetings")) {
        auto hosted = read_hosted_meetings(entry);
        if (!unit.offers_platform(hosted.platform))
            entry.fail("platform", "\"" + hosted.platform + "\" is not among the unit's platforms");
        if (unit.hosted_meetings_on(hosted.platform))
            entry.fail("platform", "\"" + hosted.platform + "\" has another account already");
        unit.hosted_meetings.push_back(std::move(hosted));
    }
    if (reader.has("interpreters"))
        unit.interpreters = read_interpreters(reader.table("interpreters"), unit.invitations);
    if (reader.has("telephony")) {
        unit.telephony = read_telephony(reader.table("telephony"));
        if (!unit.offers_channel("phone"))
            reader.fail("telephony", "the unit offers no phone conversations to bridge");
    }
    auto advisors = reader.tables("advisors");
    for (std::size_t i = 0; i < unit.advisors.size(); ++i) {
        const auto& advisor = unit.advisors[i];
        auto kind = advisor.delivery.empty() ? unit.invitations.delivery : advisor.delivery;
        if (kind == "caldav" && advisor.calendar_url.empty())
            advisors[i].fail("calendar_url",
                             "missing (caldav delivery puts invitations into this collection)");
        if (kind == "smtp" && unit.invitations.smtp.url.empty())
            invitations.fail("smtp", "smtp delivery needs [units.invitations.smtp] with a url");
    }
    return unit;
}

}  // namespace

const unit_config* config::find_unit(std::string_view unit_id) const {
    return samtal::find_unit(units, unit_id);
}

void parse_listen_address(std::string_view text, const std::string& what, server_config& server) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
        throw config_error(what + ": expected HOST:PORT, like 127.0.0.1:8080");
    auto host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535)
            throw config_error(what + ": the port must be a number 0-65535");
        port = port * 10 + unsigned(c - '0');
    }
    if (port > 65535) throw config_error(what + ": the port must be a number 0-65535");
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(host), ec);
    if (ec)
        throw config_error(what + ": \"" + std::string(host) +
                           "\" is not an IP address (like 127.0.0.1 or ::1)");
    server.listen_host = std::string(host);
    server.listen_port = std::uint16_t(port);
}

config parse_config(std::string_view text, const std::string& source) {
    toml::table document;
    try {
        document = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        std::ostringstream message;
        message << source << ":" << error.source().begin.line << ":" << error.source().begin.column
                << ": " << error.description();
        throw config_error(message.str());
    }
    table_reader root(document, source, "");
    root.refuse_unknown_keys({"server", "abuse_limits", "storage", "secrets", "outbox", "outgoing",
                              "staff_tokens", "units"});
    config result;
    result.source = source;

    auto server = root.table("server");
    server.refuse_unknown_keys(
        {"listen", "threads", "store_threads", "max_connections", "header_timeout_ms",
         "body_timeout_ms", "idle_timeout_ms", "max_header_bytes", "max_requests_per_connection",
         "shutdown_grace_ms", "tls_certificate_file", "tls_private_key_file"});
    if (server.has("listen"))
        parse_listen_address(server.string("listen"), source + ": server.listen", result.server);
    auto& s = result.server;
    s.threads = int(server.integer("threads", 2, 1, 64));
    s.store_threads = int(server.integer("store_threads", 4, 1, 64));
    s.max_connections = int(server.integer("max_connections", 1024, 1, 100000));
    s.header_timeout =
        std::chrono::milliseconds(server.integer("header_timeout_ms", 10000, 100, 600000));
    s.body_timeout =
        std::chrono::milliseconds(server.integer("body_timeout_ms", 15000, 100, 600000));
    s.idle_timeout =
        std::chrono::milliseconds(server.integer("idle_timeout_ms", 30000, 100, 3600000));
    s.max_header_bytes = std::size_t(server.integer("max_header_bytes", 8192, 1024, 65536));
    s.max_requests_per_connection =
        int(server.integer("max_requests_per_connection", 1000, 1, 1000000));
    s.shutdown_grace =
        std::chrono::milliseconds(server.integer("shutdown_grace_ms", 10000, 0, 600000));
    if (server.has("tls_certificate_file") != server.has("tls_private_key_file"))
        server.fail(
            server.has("tls_certificate_file") ? "tls_private_key_file" : "tls_certificate_file",
            "missing (HTTPS needs both tls_certificate_file and tls_private_key_file)");
    if (server.has("tls_certificate_file")) {
        // Relative to the config file, so that the service finds them whatever its folder.
        auto folder = std::filesystem::path(source).parent_path();
        s.tls_certificate_file = folder / server.string("tls_certificate_file");
        s.tls_private_key_file = folder / server.string("tls_private_key_file");
    }

    auto limits = root.table("abuse_limits");
    limits.refuse_unknown_keys({"booking_attempts_per_hour", "bookings_per_day",
                                "wrong_codes_per_hour", "tracked_addresses", "trusted_proxies"});
    auto& l = result.abuse_limits;
    l.booking_attempts_per_hour = int(limits.integer("booking_attempts_per_hour", 30, 1, 1000000));
    l.bookings_per_day = int(limits.integer("bookings_per_day", 10, 1, 1000000));
    l.wrong_codes_per_hour = int(limits.integer("wrong_codes_per_hour", 20, 1, 1000000));
    l.tracked_addresses = int(limits.integer("tracked_addresses", 100000, 1, 10000000));
    l.trusted_proxies = limits.strings("trusted_proxies");
    for (const auto& proxy : l.trusted_proxies) {
        boost::system::error_code ec;
        boost::asio::ip::make_address(proxy, ec);
        if (ec)
            limits.fail("trusted_proxies",
                        "\"" + proxy + "\" is not an IP address (like 127.0.0.1 or ::1)");
    }

    auto storage = root.table("storage");
    storage.refuse_unknown_keys({"data_dir"});
    result.data_dir = storage.string("data_dir", "var");

    auto secrets = root.table("secrets");
    secrets.refuse_unknown_keys(
        {"code_key_file", "seal_key_file", "previous_seal_key_files", "create_missing_keys"});
    result.secrets.code_key_file = secrets.string("code_key_file", "keys/code.key");
    result.secrets.seal_key_file = secrets.string("seal_key_file", "keys/seal.key");
    // strings() refuses a file listed twice; the same key in two files is refused at load.
    for (const auto& file : secrets.strings("previous_seal_key_files")) {
        if (file == result.secrets.seal_key_file)
            secrets.fail("previous_seal_key_files",
                         "\"" + file + "\" is the seal_key_file, the current key");
        result.secrets.previous_seal_key_files.push_back(file);
    }
    result.secrets.create_missing_keys = secrets.boolean("create_missing_keys", false);

    auto outbox = root.table("outbox");
    outbox.refuse_unknown_keys(
        {"poll_interval_ms", "first_retry_ms", "longest_retry_ms", "max_attempts"});
    result.outbox.poll_interval =
        std::chrono::milliseconds(outbox.integer("poll_interval_ms", 1000, 10, 60000));
    result.outbox.first_retry =
        std::chrono::milliseconds(outbox.integer("first_retry_ms", 2000, 10, 3600000));
    result.outbox.longest_retry = std::chrono::milliseconds(
        outbox.integer("longest_retry_ms", 15 * 60 * 1000, 10, 24 * 3600000));
    result.outbox.max_attempts = int(outbox.integer("max_attempts", 50, 1, 10000));
    if (result.outbox.longest_retry < result.outbox.first_retry)
        outbox.fail("longest_retry_ms", "must not be shorter than first_retry_ms");

    auto outgoing = root.table("outgoing");
    outgoing.refuse_unknown_keys({"allow_private_hosts"});
    result.outgoing.allow_private_hosts = outgoing.strings("allow_private_hosts");

    for (const auto& entry : root.tables("staff_tokens")) {
        entry.refuse_unknown_keys({"name", "role", "sha256"});
        staff_token token;
        token.name = entry.string("name");
        token.role = entry.string("role");
        if (token.role != "advisor" && token.role != "manager" && token.role != "operator")
            entry.fail("role", "expected \"advisor\", \"manager\" or \"operator\"");
        if (!parse_hex_key(entry.string("sha256"), token.sha256))
            entry.fail("sha256",
                       "expected the token's SHA-256 as 64 hex digits (sha256sum of the token)");
        result.staff_tokens.push_back(std::move(token));
    }

    for (const auto& entry : root.tables("units")) {
        auto unit = read_unit(entry);
        if (result.find_unit(unit.id))
            entry.fail("id", "\"" + unit.id + "\" is used by another unit");
        result.units.push_back(std::move(unit));
    }
    if (result.units.empty()) root.fail("units", "expected at least one [[units]]");
    return result;
}

config load_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw config_error(file.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), file.string());
}

}  // namespace samtal
