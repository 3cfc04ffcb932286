// Upgrades: a store of every earlier schema version, made by the migrations of that version
// (service/store/migrations, applied one at a time as the samtal of that version did) and
// holding a booking and its pending invitation, is brought to the current version by
// `samtal migrate`, and a service started on it finds the booking by its code. A store newer
// than the binary stops migrate and serve with a message that says so, and stays as it was.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <date/tz.h>

#include <algorithm>

#include "integration/fixture.hpp"
#include "service/core/booking_code.hpp"
#include "service/store/database.hpp"
#include "support/shell_command.hpp"

namespace samtal::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> migration_files() {
    std::vector<fs::path> files;
    for (const auto& entry :
         fs::directory_iterator(fs::path(SAMTAL_SOURCE_DIR) / "service/store/migrations"))
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string file_text(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A data folder as a samtal of schema version `version` left it: its keys, and a store made by
// its migrations holding one phone booking (the columns of the first version only) and, from
// the version that brought the outbox, the booking's pending invitation.
struct earlier_store {
    earlier_store(const fs::path& data_dir, int version) {
        fs::create_directories(data_dir / "keys");
        secret_key code_key{};
        for (std::size_t i = 0; i < code_key.size(); ++i) code_key[i] = (unsigned char)(7 * i + 1);
        std::ofstream(data_dir / "keys/code.key") << to_hex(code_key.data(), code_key.size());
        code = new_booking_code();
        auto hash = booking_code_hasher(code_key).hash(*canonical_booking_code(code));
        start = date::floor<std::chrono::hours>(std::chrono::system_clock::now()) +
                std::chrono::hours(24 * 10);

        SQLite::Database db((data_dir / "samtal.db").string(),
                            SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        auto files = migration_files();
        for (int applied = 0; applied < version; ++applied) {
            SQLite::Transaction transaction(db);
            db.exec(file_text(files.at(std::size_t(applied))));
            db.exec("PRAGMA user_version = " + std::to_string(applied + 1));
            transaction.commit();
        }
        SQLite::Statement insert(db, R"sql(
            INSERT INTO bookings (code_hash, unit, site, advisor, start_at, end_at, channel,
                                  language, interpreter_requested, interpreter, topic,
                                  parent_role, status, calendar_uid)
            VALUES (?, 'test-unit', 'rinkeby', 'amina', ?, ?, 'phone', 'so', 0, 0, 'sleep',
                    'mother', 'booked', 'upgrade-test@samtal'))sql");
        insert.bind(1, hash.data(), int(hash.size()));
        insert.bind(2, std::int64_t(start.time_since_epoch().count()));
        insert.bind(3, std::int64_t((start + std::chrono::minutes(45)).time_since_epoch().count()));
        insert.exec();
        if (version >= 2)
            db.exec(
                "INSERT INTO outbox (booking_id, advisor, method, next_attempt_at) "
                "VALUES (1, 'amina', 'REQUEST', 0)");
    }

    std::string code;
    sys_seconds start;
};

command_outcome migrate(const fs::path& config, const fs::path& data_dir) {
    return run_command(std::string("timeout 60 ") + SAMTAL_BINARY + " migrate --config " +
                       config.string() + " --data-dir " + data_dir.string());
}

TEST(upgrades, migrations_are_numbered_one_per_schema_version) {
    auto files = migration_files();
    ASSERT_EQ(int(files.size()), database::known_schema_version());
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto number = std::to_string(i + 1);
        auto prefix = std::string(3 - std::min<std::size_t>(3, number.size()), '0') + number + "_";
        EXPECT_EQ(files[i].filename().string().rfind(prefix, 0), 0u) << files[i];
    }
}

TEST(upgrades, every_earlier_schema_migrates_to_the_current_one_with_its_bookings) {
    int current = database::known_schema_version();
    temp_dir dir;
    auto config = dir.path() / "samtal.toml";
    std::ofstream(config) << service_config_text();
    for (int version = 1; version < current; ++version) {
        SCOPED_TRACE("from schema version " + std::to_string(version));
        std::optional<earlier_store> before;
        service_process upgraded(service_config_text(), [&](const fs::path& data_dir) {
            before.emplace(data_dir, version);
            auto migrated = migrate(config, data_dir);
            EXPECT_EQ(migrated.status, 0) << migrated.output;
            EXPECT_NE(migrated.output.find("database schema at version " + std::to_string(current)),
                      std::string::npos)
                << migrated.output;

            SQLite::Database db((data_dir / "samtal.db").string(), SQLite::OPEN_READONLY);
            EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), current);
            EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
            EXPECT_EQ(db.execAndGet("SELECT count(*) FROM bookings WHERE status = 'booked' AND "
                                    "language = 'so' AND topic = 'sleep' AND dialect = ''")
                          .getInt(),
                      1);
            // The invitation still waits, and the counts kept since version 7 include it.
            auto pending = version >= 2 ? 1 : 0;
            EXPECT_EQ(
                db.execAndGet("SELECT count(*) FROM outbox WHERE status = 'pending'").getInt(),
                pending);
            EXPECT_EQ(db.execAndGet("SELECT coalesce(sum(count), 0) FROM status_counts WHERE "
                                    "table_name = 'outbox' AND status = 'pending'")
                          .getInt(),
                      pending);
        });
        auto found = http_request(upgraded.port(), "GET", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + before->code}});
        EXPECT_EQ(found.status, 200) << found.body;
        auto start = date::format("%FT%T%Ez", date::make_zoned("Europe/Stockholm", before->start));
        EXPECT_NE(found.body.find("\"start\":\"" + start + "\""), std::string::npos) << found.body;
        EXPECT_NE(found.body.find("\"parent_role\":\"mother\""), std::string::npos);
    }
}

TEST(upgrades, a_newer_schema_stops_the_start_and_is_left_as_it_was) {
    temp_dir dir;
    auto config = dir.path() / "samtal.toml";
    std::ofstream(config) << service_config_text();
    auto data_dir = dir.path() / "data";
    int newer = database::known_schema_version() + 1;
    {
        earlier_store store(data_dir, database::known_schema_version());
        SQLite::Database((data_dir / "samtal.db").string(), SQLite::OPEN_READWRITE)
            .exec("PRAGMA user_version = " + std::to_string(newer));
    }
    auto expected = "samtal.db: schema version " + std::to_string(newer) +
                    " is newer than this samtal knows (" +
                    std::to_string(database::known_schema_version()) + "); upgrade samtal";
    auto refused = migrate(config, data_dir);
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.output.find(expected), std::string::npos) << refused.output;
    auto serve =
        run_command(std::string("timeout 60 ") + SAMTAL_BINARY + " serve --config " +
                    config.string() + " --listen 127.0.0.1:0 --data-dir " + data_dir.string());
    EXPECT_EQ(serve.status, 1);
    EXPECT_NE(serve.output.find(expected), std::string::npos) << serve.output;
    SQLite::Database db((data_dir / "samtal.db").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), newer);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM bookings").getInt(), 1);
}

}  // namespace
}  // namespace samtal::testing
