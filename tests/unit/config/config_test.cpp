#include "service/config/config.hpp"

#include <gtest/gtest.h>

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
    EXPECT_EQ(unit.advisors.size(), 2u);
    EXPECT_EQ(unit.advisors[0].hours[2].size(), 2u);  // Wednesday: two periods
    EXPECT_EQ(unit.evening_from.value, 17 * 60);
    EXPECT_EQ(settings.server.listen_port, 8080);
}

TEST(config_validation, accepts_the_example_configuration) {
    auto settings = load_config(SAMTAL_SOURCE_DIR "/config/samtal.example.toml");
    ASSERT_EQ(settings.units.size(), 1u);
    EXPECT_EQ(settings.units[0].sites.size(), 2u);
    EXPECT_GE(settings.units[0].advisors.size(), 5u);
    for (const char* language : {"so", "ar", "en", "es", "pt", "sw"}) {
        SCOPED_TRACE(language);
        bool spoken = false;
        for (const auto& advisor : settings.units[0].advisors)
            spoken = spoken || advisor.speaks(language);
        EXPECT_TRUE(spoken);
    }
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
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.message);
        EXPECT_NE(error_of(c.text).find(c.message), std::string::npos) << error_of(c.text);
    }
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
