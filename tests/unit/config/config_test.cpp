#include "service/config/config.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "service/core/advisor_roster.hpp"
#include "service/core/languages.hpp"
#include "service/privacy/password_hash.hpp"
#include "support/test_config.hpp"

namespace samtal {
namespace {

// The message a configuration text fails with, or "" when it is accepted.
std::string error_of(const std::string& text) {
    try {
        parse_config(text, "samtal.toml");
        return "";
    } catch (const config_error& error) {
        return error.what();
    }
}

std::string with(const std::string& from, const std::string& to) {
    auto text = testing::test_config_text();
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(config_validation, accepts_the_test_unit) {
    auto settings = testing::test_config();
    ASSERT_EQ(settings.units.size(), 1u);
    const auto& unit = settings.units.front();
    EXPECT_EQ(unit.advisors_from_file.size(), 2u);
    EXPECT_EQ(unit.advisors_from_file[0].hours[2].size(), 2u);  // Wednesday: two periods
    EXPECT_EQ(unit.evening_from.value, 17 * 60);
    EXPECT_EQ(settings.server.listen_port, 8080);
}

TEST(config_validation, accepts_the_example_configuration) {
    auto settings = load_config(SAMTAL_SOURCE_DIR "/config/samtal.example.toml");
    ASSERT_EQ(settings.units.size(), 1u);
    EXPECT_EQ(settings.units[0].sites.size(), 2u);
    EXPECT_GE(settings.units[0].advisors_from_file.size(), 5u);
    // The unit page greets parents in Swedish, Arabic and Somali in their own words.
    for (const char* language : {"sv", "ar", "so"})
        EXPECT_TRUE(settings.units[0].welcome.contains(language)) << language;
    for (const char* language : {"so", "ar", "en", "es", "pt", "sw"}) {
        SCOPED_TRACE(language);
        bool spoken = false;
        for (const auto& advisor : settings.units[0].advisors_from_file)
            spoken = spoken || advisor.speaks(language);
        EXPECT_TRUE(spoken);
    }
    // The demo's coordinator for the staff pages, with the password the README names.
    ASSERT_EQ(settings.staff_accounts.size(), 1u);
    EXPECT_EQ(settings.staff_accounts[0].identity.name, "coordinator@demo.invalid");
    EXPECT_EQ(settings.staff_accounts[0].identity.role, "coordinator");
    EXPECT_TRUE(password_matches(settings.staff_accounts[0].password_hash, "demo-coordinator"));
}

TEST(config_validation, a_staff_account_in_the_file_needs_a_known_unit_and_an_affordable_hash) {
    constexpr const char* k_hash =
        "$argon2id$v=19$m=19456,t=2,p=1$c2FtdGFsLWRlbW8tc2FsdA$"
        "eFjCxHPORbutG0dyrw1C+dNacy3Gnn0W63NjXmdQGS8";
    auto account = [&](const std::string& keys) {
        return testing::test_config_text() + "\n[[staff_accounts]]\n" + keys;
    };
    auto read = parse_config(account("email = \"a@example.org\"\nrole = \"advisor\"\n"
                                     "unit = \"test-unit\"\nadvisor = \"erik\"\n"
                                     "password_argon2id = \"" +
                                     std::string(k_hash) + "\"\n"),
                             "samtal.toml");
    ASSERT_EQ(read.staff_accounts.size(), 1u);
    EXPECT_EQ(read.staff_accounts[0].identity.advisor, "erik");

    const std::pair<std::string, std::string> k_refused[] = {
        {account("email = \"a@example.org\"\nrole = \"coordinator\"\nunit = \"test-unit\"\n"
                 "password_argon2id = \"demo-coordinator\"\n"),
         "staff_accounts[0].password_argon2id: expected an encoded Argon2id hash"},
        {account("email = \"a@example.org\"\nrole = \"coordinator\"\nunit = \"elsewhere\"\n"
                 "password_argon2id = \"" +
                 std::string(k_hash) + "\"\n"),
         "staff_accounts[0].unit: \"elsewhere\" is not one of the [[units]]"},
        {account("email = \"a@example.org\"\nrole = \"coordinator\"\nunit = \"test-unit\"\n"
                 "password = \"demo-coordinator\"\n"),
         "staff_accounts[0].password: unknown key"},
        {account("role = \"coordinator\"\nunit = \"test-unit\"\npassword_argon2id = \"" +
                 std::string(k_hash) + "\"\n"),
         "staff_accounts[0].email: missing"},
    };
    for (const auto& [text, message] : k_refused) {
        SCOPED_TRACE(message);
        EXPECT_NE(error_of(text).find(message), std::string::npos) << error_of(text);
    }
}

TEST(config_validation, a_unit_without_a_language_list_offers_the_whole_catalogue) {
    auto settings =
        parse_config(with("languages = [\"sv\", \"en\", \"so\", \"ar\"]\n", ""), "samtal.toml");
    const auto& unit = settings.units.front();
    EXPECT_EQ(unit.languages.size(), language_catalogue().size());
    for (const char* code : {"sv", "so", "ti", "ckb", "kmr", "fit", "rom", "yi"})
        EXPECT_TRUE(unit.offers_language(code)) << code;
}

TEST(config_validation, a_listed_unit_offers_its_list_and_its_advisors_languages) {
    auto settings =
        parse_config(with("languages = [\"sv\", \"en\", \"so\", \"ar\"]", "languages = [\"ti\"]"),
                     "samtal.toml");
    const auto& unit = settings.units.front();
    EXPECT_TRUE(unit.offers_language("ti"));
    EXPECT_TRUE(unit.offers_language("so"));  // an advisor speaks it
    EXPECT_FALSE(unit.offers_language("fa"));
}

TEST(config_validation, names_file_key_and_expectation) {
    struct case_t {
        std::string text;
        std::string message;
    } cases[] = {
        {with("horizon_days = 400", "horizon_days = 400\nhorizon = 3"),
         "samtal.toml: units[0].horizon: unknown key (expected one of:"},
        {with("[storage]", "[storage]\ncolour = \"red\""),
         "samtal.toml: storage.colour: unknown key"},
        {with("conversation_minutes = 45", "conversation_minutes = 47"),
         "samtal.toml: units[0].conversation_minutes: expected a multiple of 5"},
        {with("conversation_minutes = 45", "conversation_minutes = \"45\""),
         "units[0].conversation_minutes: expected a whole number from 5 to 240"},
        {with("Europe/Stockholm", "Europe/Atlantis"),
         "units[0].time_zone: \"Europe/Atlantis\" is not a time zone"},
        {with("mon = [\"09:00-11:00\"]", "mon = [\"11:00-09:00\"]"),
         "units[0].advisors[1].hours.mon: \"11:00-09:00\" is not a period"},
        {with("mon = [\"09:00-11:00\"]", "mon = [\"09:00-11:00\", \"10:00-12:00\"]"),
         "units[0].advisors[1].hours.mon: \"10:00-12:00\" overlaps another period"},
        {with("mon = [\"09:00-11:00\"]", "monday = [\"09:00-11:00\"]"),
         "units[0].advisors[1].hours.monday: unknown key"},
        {with("site = \"rinkeby\"\n  email = \"erik", "site = \"husby\"\n  email = \"erik"),
         "units[0].advisors[1].site: \"husby\" is not one of this unit's sites"},
        {with("id = \"erik\"", "id = \"amina\""),
         "units[0].advisors[1].id: \"amina\" is used by another advisor"},
        {with("email = \"erik@example.org\"", "email = \"erik@example.org\\r\\nBcc: x@y\""),
         "units[0].advisors[1].email: expected an e-mail address"},
        {with("channels = [\"phone\", \"video\"]", "channels = [\"phone\", \"fax\"]"),
         "units[0].channels: \"fax\" is not a channel"},
        {with("to = 2026-12-22", "to = 2026-12-20"),
         "units[0].advisors[1].absences[0].to: must come after"},
        {with("[storage]", "[storage\n"), "samtal.toml:"},
        {"[server]\nthreads = 4\n", "samtal.toml: units: expected at least one [[units]]"},
        {with("[storage]", "[server]\nthreads = 0\n[storage]"),
         "server.threads: expected a whole number from 1 to 64"},
        {with("[storage]", "[server]\nlisten = \"localhost\"\n[storage]"),
         "server.listen: expected HOST:PORT"},
        {with("horizon_days = 400", "horizon_days = 400\nwelcome = { sv = \"\" }"),
         "units[0].welcome.sv: expected a non-empty string"},
        {with("horizon_days = 400", "horizon_days = 400\nwelcome = { \"sv SE\" = \"Hej\" }"),
         "units[0].welcome.sv SE: is not a language code"},
        {with("horizon_days = 400", "horizon_days = 400\nwelcome = \"Hej\""),
         "units[0].welcome: expected a table"},
        {with("[storage]", "[abuse_limits]\nwrong_codes_per_day = 5\n[storage]"),
         "abuse_limits.wrong_codes_per_day: unknown key (expected one of:"},
        {with("[storage]", "[abuse_limits]\nbookings_per_day = 0\n[storage]"),
         "abuse_limits.bookings_per_day: expected a whole number from 1 to"},
        {with("[storage]", "[abuse_limits]\ntrusted_proxies = [\"proxy.local\"]\n[storage]"),
         "abuse_limits.trusted_proxies: \"proxy.local\" is not an IP address"},
        {with("[storage]", "[server]\ntls_certificate_file = \"cert.pem\"\n[storage]"),
         "samtal.toml: server.tls_private_key_file: missing (HTTPS needs both"},
        {with("[storage]", "[server]\ntls_private_key_file = \"key.pem\"\n[storage]"),
         "samtal.toml: server.tls_certificate_file: missing (HTTPS needs both"},
        {with("[storage]", "[server]\ntls_cert = \"cert.pem\"\n[storage]"),
         "samtal.toml: server.tls_cert: unknown key"},
        {with("[storage]", "[outgoing]\nallow_private_hosts = \"localhost\"\n[storage]"),
         "samtal.toml: outgoing.allow_private_hosts: expected an array of strings"},
        {with("[storage]", "[outgoing]\nallow_hosts = [\"localhost\"]\n[storage]"),
         "samtal.toml: outgoing.allow_hosts: unknown key (expected one of: allow_private_hosts)"},
        // Languages come from the catalogue, by their ISO 639 code.
        {with("languages = [\"sv\", \"en\", \"so\", \"ar\"]",
              "languages = [\"sv\", \"en\", \"somali\", \"ar\"]"),
         "units[0].languages: \"somali\" is not in the language catalogue (expected one of: sv, "
         "en, ar, so,"},
        {with("languages = [\"sv\", \"en\", \"so\", \"ar\"]", "languages = [\"sv\", \"ku\"]"),
         "units[0].languages: \"ku\" is not in the language catalogue"},
        {with("languages = [\"sv\", \"so\"]", "languages = [\"sv\", \"SO\"]"),
         "units[0].advisors[0].languages: \"SO\" is not in the language catalogue"},
        {with("languages = [\"sv\", \"so\"]", "languages = [\"sv\", \"per\"]"),
         "units[0].advisors[0].languages: \"per\" is not in the language catalogue"},
        {with("[storage]",
              "[secrets]\nprevious_seal_key_files = [\"keys/old.key\", \"keys/old.key\"]\n"
              "[storage]"),
         "secrets.previous_seal_key_files: \"keys/old.key\" is listed twice"},
        {with("[storage]", "[secrets]\nprevious_seal_key_files = [\"keys/seal.key\"]\n[storage]"),
         "secrets.previous_seal_key_files: \"keys/seal.key\" is the seal_key_file, the current "
         "key"},
        {with("[storage]", "[secrets]\nprevious_seal_key_files = \"keys/old.key\"\n[storage]"),
         "secrets.previous_seal_key_files: expected an array of strings"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        EXPECT_NE(error_of(c.text).find(c.message), std::string::npos) << error_of(c.text);
    }
}

std::string with_hosted_meetings(const std::string& keys) {
    ::setenv("SAMTAL_TEST_ZOOM_SECRET", "secret", 1);
    ::unsetenv("SAMTAL_TEST_UNSET_SECRET");
    return with("topics = [\"sleep\", \"school\"]\n",
                "topics = [\"sleep\", \"school\"]\n[[units.hosted_meetings]]\n" + keys);
}

TEST(config_validation, hosted_meetings_need_a_complete_account_on_an_offered_platform) {
    const std::string zoom =
        "platform = \"zoom\"\naccount_id = \"a\"\nclient_id = \"c\"\n"
        "client_secret_env = \"SAMTAL_TEST_ZOOM_SECRET\"\nuser_id = \"me\"\n";
    auto accepted = parse_config(with_hosted_meetings(zoom), "samtal.toml");
    const auto* account = accepted.units[0].hosted_meetings_on("zoom");
    ASSERT_NE(account, nullptr);
    EXPECT_EQ(account->client_secret, "secret");
    EXPECT_EQ(account->token_url, "https://zoom.us/oauth/token");
    EXPECT_EQ(account->api_url, "https://api.zoom.us/v2");
    EXPECT_EQ(accepted.units[0].hosted_meetings_on("teams"), nullptr);

    struct case_t {
        std::string text;
        std::string message;
    } cases[] = {
        {with_hosted_meetings(zoom + "region = \"eu\"\n"),
         "units[0].hosted_meetings[0].region: unknown key"},
        {with_hosted_meetings("platform = \"facetime\"\n"),
         "units[0].hosted_meetings[0].platform: \"facetime\" cannot host meetings"},
        {with_hosted_meetings("platform = \"zoom\"\nclient_id = \"c\"\n"),
         "units[0].hosted_meetings[0].account_id: missing"},
        {with_hosted_meetings("platform = \"zoom\"\naccount_id = \"a\"\nclient_id = \"c\"\n"
                              "client_secret_env = \"SAMTAL_TEST_UNSET_SECRET\"\n"),
         "client_secret_env: the environment variable SAMTAL_TEST_UNSET_SECRET is not set"},
        {with_hosted_meetings(zoom + "api_url = \"ftp://api.zoom.us\"\n"),
         "units[0].hosted_meetings[0].api_url: expected a https:// or http:// address"},
        {with_hosted_meetings(zoom + "[[units.hosted_meetings]]\n" + zoom),
         "units[0].hosted_meetings[1].platform: \"zoom\" has another account already"},
        {std::regex_replace(with_hosted_meetings(zoom), std::regex("platforms = \\[[^\\]]*\\]"),
                            "platforms = [\"teams\"]"),
         "units[0].hosted_meetings[0].platform: \"zoom\" is not among the unit's platforms"},
        {with("platforms = [\"zoom\", \"teams\", \"facetime\", \"skype\"]",
              "platforms = [\"zoom\", \"whereby\"]"),
         "units[0].platforms: \"whereby\" is not a platform (expected facetime, skype, teams, "
         "zoom)"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        EXPECT_NE(error_of(c.text).find(c.message), std::string::npos) << error_of(c.text);
    }
}

std::string with_telephony(const std::string& keys) {
    ::setenv("SAMTAL_TEST_TWILIO_TOKEN", "token", 1);
    return with("organizer_email = \"unit@example.org\"\n",
                "organizer_email = \"unit@example.org\"\n[units.telephony]\n" + keys);
}

// Several instances share due work through leases (store/row_leases.hpp): one must outlast
// an attempt's outgoing calls, or an instance still working would be taken over.
TEST(config_validation, a_lease_outlasts_the_outgoing_calls_of_an_attempt) {
    EXPECT_EQ(testing::test_config().outbox.lease, std::chrono::minutes(5));
    auto with_lease = [](const std::string& seconds, const std::string& timeout_ms) {
        return "[outbox]\nlease_seconds = " + seconds + "\n" +
               with("organizer_email = \"unit@example.org\"\n",
                    "organizer_email = \"unit@example.org\"\n[units.invitations.smtp]\n"
                    "timeout_ms = 500\n[units.invitations.caldav]\ntimeout_ms = " +
                        timeout_ms + "\n");
    };
    EXPECT_EQ(parse_config(with_lease("5", "600"), "samtal.toml").outbox.lease,
              std::chrono::seconds(5));
    EXPECT_NE(error_of(with_lease("5", "15000"))
                  .find("outbox.lease_seconds: must be longer than 8 times the longest outgoing "
                        "timeout_ms (15000 ms)"),
              std::string::npos)
        << error_of(with_lease("5", "15000"));
    EXPECT_NE(error_of(with_lease("0", "600")).find("outbox.lease_seconds"), std::string::npos);
}

TEST(config_validation, telephony_needs_a_complete_twilio_account) {
    const std::string twilio =
        "provider = \"twilio\"\naccount_sid = \"AC0123456789abcdef0123456789ABCDEF\"\n"
        "auth_token_env = \"SAMTAL_TEST_TWILIO_TOKEN\"\nfrom = \"08-505 500 00\"\n";
    auto accepted = parse_config(with_telephony(twilio), "samtal.toml");
    ASSERT_TRUE(accepted.units[0].telephony);
    const auto& telephony = *accepted.units[0].telephony;
    EXPECT_EQ(telephony.auth_token, "token");
    EXPECT_EQ(telephony.from, "+46850550000");
    EXPECT_EQ(telephony.api_url, "https://api.twilio.com");
    EXPECT_TRUE(telephony.verify_tls);
    EXPECT_FALSE(testing::test_config().units[0].telephony);

    struct case_t {
        std::string text;
        std::string message;
    } cases[] = {
        {with_telephony(twilio + "region = \"ie1\"\n"), "units[0].telephony.region: unknown key"},
        {with_telephony("provider = \"vonage\"\n"),
         "units[0].telephony.provider: \"vonage\" is not a telephony provider (expected twilio)"},
        {with_telephony(
             "provider = \"twilio\"\naccount_sid = \"SK0123456789abcdef0123456789abcdef\"\n"),
         "units[0].telephony.account_sid: expected the account's SID: AC and 32 hex digits"},
        {with_telephony(
             "provider = \"twilio\"\naccount_sid = \"AC0123456789abcdef0123456789abcdef\"\n"),
         "units[0].telephony.auth_token_env: missing"},
        {with_telephony(std::regex_replace(twilio, std::regex("from = .*\n"), "from = \"112\"\n")),
         "units[0].telephony.from: \"112\" is not a phone number that can be called"},
        {with_telephony(std::regex_replace(twilio, std::regex("from = .*\n"), "")),
         "units[0].telephony.from: missing"},
        {with_telephony(twilio + "api_url = \"ftp://api.twilio.com\"\n"),
         "units[0].telephony.api_url: expected a https:// or http:// address"},
        {with_telephony(twilio + "timeout_ms = 5\n"), "units[0].telephony.timeout_ms"},
        {std::regex_replace(with_telephony(twilio), std::regex("channels = \\[[^\\]]*\\]"),
                            "channels = [\"video\"]"),
         "units[0].telephony: the unit offers no phone conversations to bridge"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        EXPECT_NE(error_of(c.text).find(c.message), std::string::npos) << error_of(c.text);
    }
}

TEST(config_validation, an_advisors_phone_is_a_number_that_can_be_called) {
    auto text = [](const std::string& phone) {
        return with("email = \"erik@example.org\"\n",
                    "email = \"erik@example.org\"\n  phone = \"" + phone + "\"\n");
    };
    auto settings = parse_config(text("073-555 12 34"), "samtal.toml");
    EXPECT_EQ(find_advisor(settings.units[0].advisors_from_file, "erik")->phone, "+46735551234");
    EXPECT_EQ(find_advisor(settings.units[0].advisors_from_file, "amina")->phone, "");
    for (std::string refused : {"1177", "0900-123 45 67", "not a number"}) {
        SCOPED_TRACE(refused);
        EXPECT_NE(error_of(text(refused))
                      .find("units[0].advisors[1].phone: \"" + refused +
                            "\" is not a phone number that can be called"),
                  std::string::npos)
            << error_of(text(refused));
    }
}

TEST(config_validation, the_accessibility_contact_is_a_mailbox_and_maybe_a_phone) {
    auto fallback = testing::test_config();
    EXPECT_EQ(fallback.units[0].accessibility.email, "unit@example.org");
    EXPECT_EQ(fallback.units[0].accessibility.phone, "");

    auto text = [](const std::string& keys) {
        return testing::test_config_text("", "\n  [units.accessibility]\n" + keys);
    };
    auto own = parse_config(text("email = \"access@example.org\"\nphone = \"08-123 456 00\"\n"),
                            "samtal.toml");
    EXPECT_EQ(own.units[0].accessibility.email, "access@example.org");
    EXPECT_EQ(own.units[0].accessibility.phone, "+46812345600");

    struct refusal {
        std::string keys, message;
    };
    std::vector<refusal> cases{
        {"email = \"nobody\"\n",
         "samtal.toml: units[0].accessibility.email: expected an e-mail address"},
        {"phone = \"112\"\n",
         "units[0].accessibility.phone: \"112\" is not a phone number that can be called"},
        {"web = \"https://example.org\"\n",
         "units[0].accessibility.web: unknown key (expected one of: email, phone)"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        EXPECT_NE(error_of(text(c.keys)).find(c.message), std::string::npos)
            << error_of(text(c.keys));
    }
}

std::string with_interpreters(const std::string& keys) {
    ::setenv("SAMTAL_TEST_AGENCY_KEY", "key", 1);
    ::setenv("SAMTAL_TEST_AGENCY_SECRET", "a-shared-secret-of-at-least-32-characters", 1);
    ::setenv("SAMTAL_TEST_SHORT_SECRET", "short", 1);
    return testing::test_config_text("", "\n  [units.interpreters]\n" + keys);
}

TEST(config_validation, an_interpreter_agency_is_an_email_mailbox_or_a_complete_http_api) {
    auto email = parse_config(
        with_interpreters("agency = \"email\"\nmailbox = \"tolk@agency.example\"\n"), "s.toml");
    const auto& ordered = email.units[0].interpreters;
    EXPECT_EQ(ordered.agency, "email");
    EXPECT_EQ(ordered.competence, "authorised");
    EXPECT_FALSE(ordered.competence_required);
    EXPECT_EQ(ordered.delivery, "spool");  // the unit's invitations' delivery
    EXPECT_EQ(ordered.answer_within, std::chrono::hours{24});
    const std::string http =
        "agency = \"http\"\napi_url = \"https://agency.example/v1\"\n"
        "api_key_env = \"SAMTAL_TEST_AGENCY_KEY\"\n"
        "callback_secret_env = \"SAMTAL_TEST_AGENCY_SECRET\"\n";
    auto api = parse_config(with_interpreters(http), "s.toml");
    EXPECT_EQ(api.units[0].interpreters.api_key, "key");
    EXPECT_EQ(api.units[0].interpreters.poll_interval, std::chrono::seconds{300});
    EXPECT_TRUE(testing::test_config().units[0].interpreters.agency.empty());

    struct case_t {
        std::string text;
        std::string message;
    } cases[] = {
        {with_interpreters("agency = \"fax\"\n"),
         "units[0].interpreters.agency: \"fax\" is not an agency kind"},
        {with_interpreters("agency = \"email\"\n"), "units[0].interpreters.mailbox: missing"},
        {with_interpreters("agency = \"email\"\nmailbox = \"tolk@agency.example\"\n"
                           "delivery = \"caldav\"\n"),
         "units[0].interpreters.delivery: an agency's mailbox takes spool or smtp delivery"},
        {with_interpreters("agency = \"email\"\nmailbox = \"tolk@agency.example\"\n"
                           "competence = \"famous\"\n"),
         "units[0].interpreters.competence: expected"},
        {with_interpreters("agency = \"email\"\nmailbox = \"tolk@agency.example\"\n"
                           "api_url = \"https://agency.example\"\n"),
         "units[0].interpreters.api_url: only an http agency has this"},
        {with_interpreters(http + "gender = \"female\"\n"),
         "units[0].interpreters.gender: unknown key"},
        {with_interpreters("agency = \"http\"\napi_url = \"https://agency.example/v1\"\n"
                           "callback_secret_env = \"SAMTAL_TEST_AGENCY_SECRET\"\n"),
         "units[0].interpreters.api_key_env: missing"},
        {with_interpreters("agency = \"http\"\napi_url = \"https://agency.example/v1\"\n"
                           "api_key_env = \"SAMTAL_TEST_AGENCY_KEY\"\n"
                           "callback_secret_env = \"SAMTAL_TEST_SHORT_SECRET\"\n"),
         "units[0].interpreters.callback_secret_env: missing or short"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        EXPECT_NE(error_of(c.text).find(c.message), std::string::npos) << error_of(c.text);
    }
}

TEST(config_validation, tls_files_are_relative_to_the_config_file) {
    auto text = with("[storage]",
                     "[server]\ntls_certificate_file = \"tls/cert.pem\"\n"
                     "tls_private_key_file = \"/etc/ssl/private/samtal.pem\"\n[storage]");
    auto settings = parse_config(text, "/etc/samtal/samtal.toml");
    EXPECT_TRUE(settings.server.serves_tls());
    EXPECT_EQ(settings.server.tls_certificate_file, "/etc/samtal/tls/cert.pem");
    EXPECT_EQ(settings.server.tls_private_key_file, "/etc/ssl/private/samtal.pem");
    EXPECT_FALSE(testing::test_config().server.serves_tls());
}

// A municipality's own CA for its mail and calendar servers, read where the config says; the
// EHLO name is a host name. Both are checked at start-up, not at the first delivery.
TEST(config_validation, a_deliverys_ca_file_must_be_readable_and_the_ehlo_name_a_host_name) {
    auto smtp = [](const std::string& keys) {
        return with("  organizer_email = \"unit@example.org\"\n",
                    "  organizer_email = \"unit@example.org\"\n  [units.invitations.smtp]\n"
                    "  url = \"smtp://mail.example:587\"\n" +
                        keys);
    };
    auto settings =
        parse_config(smtp("  ca_file = \"/etc/hostname\"\n  ehlo_name = \"samtal.example.org\"\n"),
                     "samtal.toml");
    EXPECT_EQ(settings.units.at(0).invitations.smtp.ca_file, "/etc/hostname");
    EXPECT_EQ(settings.units.at(0).invitations.smtp.ehlo_name, "samtal.example.org");
    EXPECT_TRUE(settings.units.at(0).invitations.smtp.verify_tls);
    try {
        parse_config(smtp("  ca_file = \"kommun-ca.pem\"\n"), "/etc/samtal/samtal.toml");
        ADD_FAILURE() << "a missing ca_file was accepted";
    } catch (const config_error& error) {
        EXPECT_EQ(std::string(error.what()),
                  "/etc/samtal/samtal.toml: units[0].invitations.smtp.ca_file: cannot read the "
                  "file /etc/samtal/kommun-ca.pem");
    }
    EXPECT_NE(error_of(smtp("  ehlo_name = \"evil\\r\\nRCPT TO:<x@y>\"\n"))
                  .find("units[0].invitations.smtp.ehlo_name: expected a host name"),
              std::string::npos);
    EXPECT_NE(error_of(with("  organizer_email = \"unit@example.org\"\n",
                            "  organizer_email = \"unit@example.org\"\n"
                            "  [units.invitations.caldav]\n  ca_file = \"/nonexistent/ca.pem\"\n"))
                  .find("units[0].invitations.caldav.ca_file: cannot read the file"),
              std::string::npos);
}

TEST(config_validation, outgoing_hosts_allowed_by_name) {
    auto settings = parse_config(with("[storage]",
                                      "[outgoing]\nallow_private_hosts = [\"caldav.unit.local\", "
                                      "\"127.0.0.1\"]\n[storage]"),
                                 "samtal.toml");
    EXPECT_EQ(settings.outgoing.allow_private_hosts,
              (std::vector<std::string>{"caldav.unit.local", "127.0.0.1"}));
    EXPECT_TRUE(testing::test_config().outgoing.allow_private_hosts.empty());
}

TEST(config_validation, listen_address_override) {
    server_config server;
    parse_listen_address("127.0.0.1:0", "--listen", server);
    EXPECT_EQ(server.listen_host, "127.0.0.1");
    EXPECT_EQ(server.listen_port, 0);
    parse_listen_address("[::1]:9090", "--listen", server);
    EXPECT_EQ(server.listen_host, "::1");
    EXPECT_EQ(server.listen_port, 9090);
    EXPECT_THROW(parse_listen_address("127.0.0.1:99999", "--listen", server), config_error);
    EXPECT_THROW(parse_listen_address("127.0.0.1:", "--listen", server), config_error);
    EXPECT_THROW(parse_listen_address("localhost:8080", "--listen", server), config_error);
}

}  // namespace
}  // namespace samtal
