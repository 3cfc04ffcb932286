// The store a test uses, on the engine the test run asks for: the SQLite file samtal.db in the
// test's own folder by default, or, when the environment variable SAMTAL_TEST_STORE is
// "postgresql", a database of the test's own on the run's shared PostgreSQL server, already
// migrated and dropped after the test. The same tests thus run against both engines.
//
// The server is SAMTAL_TEST_POSTGRESQL's (support/postgresql.hpp). ctest's postgresql/ run
// (tests/CMakeLists.txt) instead puts the server's connection string into SAMTAL_TEST_STORE
// itself, since gtest_discover_tests passes just one environment variable intact.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "service/store/database.hpp"
#include "support/postgresql.hpp"

namespace samtal::testing {

// True when this run's tests use PostgreSQL rather than SQLite.
inline bool store_is_postgresql() {
    const char* engine = std::getenv("SAMTAL_TEST_STORE");
    return engine && std::string_view(engine).starts_with("postgresql");
}

class test_store {
public:
    // `folder` is the test's own folder, where the SQLite file goes.
    explicit test_store(const std::filesystem::path& folder) {
        if (store_is_postgresql()) {
            postgresql_.emplace(migrated_template());
        } else {
            file_ = folder / "samtal.db";
        }
    }

    bool is_postgresql() const { return postgresql_.has_value(); }

    // Where a `database` opens this test's store.
    store_location location() const {
        if (postgresql_) return postgresql_server{postgresql_->url()};
        return sqlite_file{file_};
    }

    // This test's PostgreSQL database (only when is_postgresql()).
    const postgresql_test_database& postgresql() const { return *postgresql_; }

    // The SQLite file (only when not is_postgresql()).
    const std::filesystem::path& file() const { return file_; }

    // Everything the store holds, as one string, for tests that look for what must not be
    // there: on SQLite the bytes of the file and its WAL, on PostgreSQL every value of every
    // row of every table (text and bytea as their bytes, numbers as text).
    std::string everything_stored() const {
        if (!postgresql_) return file_bytes(file_) + file_bytes(file_.string() + "-wal");
        postgresql_test_session db(postgresql_->url());
        std::string all;
        for (const auto& table : db.run("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_schema = 'public'")) {
            std::string columns;
            for (const auto& column :
                 db.run("SELECT quote_ident(column_name) || CASE WHEN data_type = 'bytea' THEN '' "
                        "ELSE '::text' END FROM information_schema.columns WHERE table_schema = "
                        "'public' AND table_name = '" +
                        table + "'"))
                columns += (columns.empty() ? "" : ", ") + column;
            all += db.every_value("SELECT " + columns + " FROM " + quoted(table));
        }
        return all;
    }

private:
    static std::string quoted(const std::string& name) { return "\"" + name + "\""; }

    static std::string file_bytes(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }

    // The name of a database on the server that has every migration applied, made once per
    // server by whichever test comes first (the others wait for it under an advisory lock):
    // copying it is much faster than migrating each test's database afresh.
    static std::string migrated_template() {
        static const std::string name = [] {
            const std::string made = "samtal_template";
            const std::string partial = "samtal_template_partial";
            auto server = postgresql_test_database::server();
            // A session lock, held by this connection until it closes.
            postgresql_test_session session(server);
            session.run("SELECT pg_advisory_lock(19)");
            if (session.run("SELECT datname FROM pg_database WHERE datname = '" + made + "'")
                    .empty()) {
                // Made under another name first, so that a test that dies while migrating
                // leaves no half-migrated template behind for the others.
                session.run("DROP DATABASE IF EXISTS " + partial + " WITH (FORCE)");
                session.run("CREATE DATABASE " + partial);
                {
                    database migrated(postgresql_server{
                        postgresql_test_database::with_database(server, partial)});
                }
                session.run("ALTER DATABASE " + partial + " RENAME TO " + made);
            }
            return made;
        }();
        return name;
    }

    std::filesystem::path file_;
    std::optional<postgresql_test_database> postgresql_;
};

}  // namespace samtal::testing
