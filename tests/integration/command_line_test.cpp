// The command line as an operator meets it: help, version, config checks, migrate, purge.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "service/privacy/sealed_box.hpp"
#include "service/store/database.hpp"
#include "support/shell_command.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {
namespace {

// `environment`: NAME=VALUE words for the binary. `timeout`: a serve that should have refused
// to start does not hang the test.
command_outcome run(const std::string& arguments, const std::string& environment = "") {
    return run_command("timeout 60 env " + environment + " " + SAMTAL_BINARY + " " + arguments);
}

const std::string k_example = SAMTAL_SOURCE_DIR "/config/samtal.example.toml";

TEST(command_line, help_and_version) {
    auto help = run("--help");
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.output.find("samtal serve"), std::string::npos);
    EXPECT_NE(help.output.find("--data-dir DIR"), std::string::npos);
    auto version = run("--version");
    EXPECT_EQ(version.status, 0);
    EXPECT_EQ(version.output.rfind("samtal ", 0), 0u);
}

TEST(command_line, unknown_commands_and_options_are_usage_errors) {
    EXPECT_EQ(run("frobnicate").status, 2);
    auto option = run("serve --colour red");
    EXPECT_EQ(option.status, 2);
    EXPECT_NE(option.output.find("unknown option '--colour'"), std::string::npos);
    EXPECT_EQ(run("serve --config").status, 2);
}

TEST(command_line, check_config_names_file_key_and_expectation) {
    EXPECT_EQ(run("check-config --config " + k_example).status, 0);
    temp_dir dir;
    auto bad = dir.path() / "bad.toml";
    std::ifstream in(k_example);
    std::stringstream text;
    text << in.rdbuf();
    auto broken = text.str();
    broken.replace(broken.find("buffer_minutes = 15"), 19, "buffer_minutes = 7");
    std::ofstream(bad) << broken;
    auto checked = run("check-config --config " + bad.string());
    EXPECT_EQ(checked.status, 78);
    EXPECT_NE(
        checked.output.find(bad.string() + ": units[0].buffer_minutes: expected a multiple of 5"),
        std::string::npos)
        << checked.output;
    auto missing = run("check-config --config " + (dir.path() / "nowhere.toml").string());
    EXPECT_EQ(missing.status, 78);
    EXPECT_NE(missing.output.find("cannot be read"), std::string::npos);
}

TEST(command_line, check_config_accepts_the_production_example) {
    const std::string production = SAMTAL_SOURCE_DIR "/config/samtal.production.example.toml";
    auto checked = run("check-config --config " + production, "SAMTAL_SMTP_PASSWORD=secret");
    EXPECT_EQ(checked.status, 0) << checked.output;
    EXPECT_NE(checked.output.find("valid (1 unit(s))"), std::string::npos) << checked.output;
    // Its SMTP password comes from the environment, as systemd gives it from secrets.env.
    auto without = run("check-config --config " + production, "-u SAMTAL_SMTP_PASSWORD");
    EXPECT_EQ(without.status, 78);
    EXPECT_NE(without.output.find("SAMTAL_SMTP_PASSWORD is not set"), std::string::npos)
        << without.output;
}

TEST(command_line, serve_refuses_a_missing_malformed_or_repeated_previous_seal_key) {
    temp_dir dir;
    std::ifstream in(k_example);
    std::stringstream text;
    text << in.rdbuf();
    auto config = text.str();
    config.replace(config.find("previous_seal_key_files = []"),
                   std::string("previous_seal_key_files = []").size(),
                   "previous_seal_key_files = [\"keys/old.key\"]");
    auto config_file = dir.path() / "samtal.toml";
    std::ofstream(config_file) << config;
    auto serve = "serve --listen 127.0.0.1:0 --config " + config_file.string() + " --data-dir " +
                 dir.path().string();
    auto key_id = [](const std::string& hex) {
        secret_key key{};
        EXPECT_TRUE(parse_hex_key(hex, key));
        return sealed_box(key).key_id();
    };

    auto missing = run(serve, "SAMTAL_SEAL_KEY= SAMTAL_PREVIOUS_SEAL_KEYS=");
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.output.find((dir.path() / "keys/old.key").string() + ": no such key file"),
              std::string::npos)
        << missing.output;

    std::ofstream(dir.path() / "keys/old.key") << std::string(60, 'a') << "\n";
    auto malformed = run(serve, "SAMTAL_SEAL_KEY= SAMTAL_PREVIOUS_SEAL_KEYS=");
    EXPECT_EQ(malformed.status, 1);
    EXPECT_NE(malformed.output.find("old.key: expected 64 hex digits"), std::string::npos)
        << malformed.output;

    auto current = std::string(64, 'c');
    std::ofstream(dir.path() / "keys/old.key") << std::string(64, 'a') << "\n";
    auto repeated = run(serve, "SAMTAL_SEAL_KEY=" + current + " SAMTAL_PREVIOUS_SEAL_KEYS=" +
                                   std::string(64, 'b') + "," + current);
    EXPECT_EQ(repeated.status, 1);
    EXPECT_NE(repeated.output.find("seal key " + key_id(current) + " is given twice"),
              std::string::npos)
        << repeated.output;
    EXPECT_EQ(repeated.output.find("cccccccc"), std::string::npos) << "shows the key";
}

TEST(command_line, migrate_and_purge_work_on_a_data_folder) {
    temp_dir dir;
    auto migrated = run("migrate --config " + k_example + " --data-dir " + dir.path().string());
    EXPECT_EQ(migrated.status, 0);
    EXPECT_NE(migrated.output.find("schema at version " +
                                   std::to_string(database::known_schema_version())),
              std::string::npos)
        << migrated.output;
    // Spooled messages carry the number: they go when their conversation (and its grace) is
    // over, and the purge touches nothing else in the folder.
    auto spool = dir.path() / "spool";
    std::filesystem::create_directories(spool);
    const std::vector<std::string> files{"until-1700000000-a1-0-REQUEST-amina.eml",
                                         "until-1700000000-a1-0-REQUEST-amina.tmp",
                                         "until-4102444800-b2-0-REQUEST-amina.eml", "notes.eml"};
    for (const auto& name : files) std::ofstream(spool / name) << "Tel: +46701234567\n";
    auto purged = run("purge --config " + k_example + " --data-dir " + dir.path().string());
    EXPECT_EQ(purged.status, 0);
    EXPECT_NE(purged.output.find("destroyed the contact data of 0 booking(s)"), std::string::npos);
    // The same purge as the service's minutely one, claims on past time included.
    EXPECT_NE(purged.output.find("forgot 0 claim(s) on time that has passed"), std::string::npos);
    EXPECT_NE(purged.output.find("removed 2 spooled message(s)"), std::string::npos)
        << purged.output;
    EXPECT_FALSE(std::filesystem::exists(spool / files[0]));
    EXPECT_FALSE(std::filesystem::exists(spool / files[1]));
    EXPECT_TRUE(std::filesystem::exists(spool / files[2]));  // a conversation in 2100
    EXPECT_TRUE(std::filesystem::exists(spool / files[3]));  // not the spool's
}

}  // namespace
}  // namespace samtal::testing
