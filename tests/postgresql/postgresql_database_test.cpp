// The PostgreSQL store's schema against a real PostgreSQL 15 (the test run's shared server):
// its migrations bring a new database to the embedded store's schema version with the same
// tables and columns, one instance at a time, and a connection that fails says why without
// the password.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "service/store/database.hpp"
#include "service/store/postgresql_connection.hpp"
#include "support/postgresql.hpp"
#include "support/temp_dir.hpp"

namespace samtal {
namespace {

using testing::postgresql_test_database;
using columns_by_table = std::map<std::string, std::set<std::string>>;

// What PostgreSQL has that SQLite keeps elsewhere: the schema version (SQLite's
// PRAGMA user_version).
const columns_by_table k_postgresql_only{{"schema_version", {"one", "version"}}};

columns_by_table embedded_schema() {
    testing::temp_dir dir;
    { database made(dir.path() / "samtal.db"); }
    SQLite::Database db((dir.path() / "samtal.db").string());
    columns_by_table schema;
    SQLite::Statement tables(db,
                             "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                             "name NOT LIKE 'sqlite_%'");
    while (tables.executeStep()) {
        auto table = tables.getColumn(0).getString();
        SQLite::Statement columns(db, "SELECT name FROM pragma_table_info(?)");
        columns.bind(1, table);
        while (columns.executeStep()) schema[table].insert(columns.getColumn(0).getString());
    }
    return schema;
}

columns_by_table postgresql_schema(const postgresql_test_database& db) {
    columns_by_table schema;
    for (const auto& row : db.query("SELECT table_name || '.' || column_name FROM "
                                    "information_schema.columns WHERE table_schema = 'public'")) {
        auto dot = row.find('.');
        schema[row.substr(0, dot)].insert(row.substr(dot + 1));
    }
    return schema;
}

TEST(postgresql_database, migrates_a_new_database_to_the_embedded_stores_schema_version) {
    postgresql_test_database db;
    database store(postgresql_server{db.url()});
    EXPECT_EQ(store.schema_version(), database::known_schema_version());
    // Again: nothing left to do, nothing changes.
    database again(postgresql_server{db.url()});
    EXPECT_EQ(again.schema_version(), database::known_schema_version());
}

TEST(postgresql_database, has_every_table_and_column_of_the_embedded_store) {
    postgresql_test_database db;
    database store(postgresql_server{db.url()});
    auto expected = embedded_schema();
    ASSERT_GT(expected.size(), 20u);
    for (const auto& [table, columns] : k_postgresql_only)
        expected[table].insert(columns.begin(), columns.end());
    EXPECT_EQ(postgresql_schema(db), expected);
}

TEST(postgresql_database, instances_starting_together_migrate_once) {
    postgresql_test_database db;
    std::vector<std::jthread> instances;
    std::atomic<int> started{0};
    for (int i = 0; i < 4; ++i)
        instances.emplace_back([&] {
            database store(postgresql_server{db.url()});
            if (store.schema_version() == database::known_schema_version()) ++started;
        });
    instances.clear();
    EXPECT_EQ(started, 4);
    EXPECT_EQ(db.query("SELECT count(*) FROM status_counts WHERE count < 0"),
              std::vector<std::string>{"0"});
}

TEST(postgresql_database, a_newer_schema_stops_the_start_and_is_left_as_it_was) {
    postgresql_test_database db;
    { database store(postgresql_server{db.url()}); }
    auto newer = std::to_string(database::known_schema_version() + 1);
    db.query("UPDATE schema_version SET version = " + newer);
    try {
        database store(postgresql_server{db.url()});
        FAIL() << "a newer schema was accepted";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("newer than this samtal knows"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(db.query("SELECT version FROM schema_version"), std::vector<std::string>{newer});
}

TEST(postgresql_database, a_connection_that_fails_says_why_without_the_password) {
    auto server = postgresql_test_database::server();
    auto nowhere = postgresql_test_database::with_database(server, "no_such_database");
    const std::string with_password[] = {
        nowhere + "&password=hemligt-lösen",
        "postgresql://samtal:hemligt-l%C3%B6sen@" + nowhere.substr(nowhere.find("@") + 1),
        "host=/nonexistent/folder dbname=samtal password=hemligt-lösen",
        "host=/tmp password=hemligt-lösen dbname",  // unreadable
        "postgresql://samtal:hemligt-lösen@[::1:5432/samtal",
    };
    for (const auto& connection : with_password) {
        SCOPED_TRACE(connection);
        try {
            database store(postgresql_server{connection});
            FAIL() << "connected";
        } catch (const store_unreachable& error) {
            std::string message = error.what();
            EXPECT_EQ(message.find("hemligt"), std::string::npos) << message;
            EXPECT_NE(message.find("PostgreSQL"), std::string::npos) << message;
        }
    }
}

TEST(postgresql_database, two_claims_on_an_advisors_block_cannot_both_stand) {
    postgresql_test_database db;
    database store(postgresql_server{db.url()});
    db.query(
        "INSERT INTO bookings (code_hash, unit, site, advisor, start_at, end_at, channel, "
        "interpreter_requested, interpreter, parent_role, status, calendar_uid) VALUES "
        "('\\x01', 'u', 's', 'amina', 1000, 3700, 'phone', 0, 0, 'mother', 'booked', 'a'), "
        "('\\x02', 'u', 's', 'amina', 1000, 3700, 'phone', 0, 0, 'father', 'booked', 'b')");
    db.query(
        "INSERT INTO advisor_claims (unit, advisor, block, booking_id) SELECT 'u', 'amina', "
        "7, id FROM bookings WHERE calendar_uid = 'a'");
    EXPECT_THROW(db.query("INSERT INTO advisor_claims (unit, advisor, block, booking_id) SELECT "
                          "'u', 'amina', 7, id FROM bookings WHERE calendar_uid = 'b'"),
                 std::runtime_error);
    EXPECT_EQ(db.query("SELECT count(*) FROM advisor_claims"), std::vector<std::string>{"1"});
}

}  // namespace
}  // namespace samtal

namespace samtal {
namespace {

TEST(postgresql_placeholders, are_numbered_outside_literals_names_and_comments) {
    EXPECT_EQ(postgresql_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
              "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
    EXPECT_EQ(postgresql_placeholders("SELECT ?2, ?1, ?2"), "SELECT $2, $1, $2");
    EXPECT_EQ(postgresql_placeholders("SELECT '?', \"odd?name\", ? -- what?\nFROM t WHERE x = ?"),
              "SELECT '?', \"odd?name\", $1 -- what?\nFROM t WHERE x = $2");
    EXPECT_EQ(postgresql_placeholders("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
}

}  // namespace
}  // namespace samtal
