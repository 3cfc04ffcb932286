// The embedded engine: a connection to the SQLite file, in WAL mode with every commit synced.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>

#include "service/store/connection.hpp"

namespace samtal {

class sqlite_connection : public store_connection {
public:
    enum class access { read_write, read_only };
    sqlite_connection(const std::filesystem::path& file, access mode);
    // The statements go first: SQLite closes no database that has one open.
    ~sqlite_connection() override { forget_statements(); }

    void exec(std::string_view sql) override;

private:
    std::unique_ptr<statement> prepare(const std::string& sql) override;
    void begin_write() override { exec("BEGIN IMMEDIATE"); }
    void begin_read() override { exec("BEGIN DEFERRED"); }
    void migrate(const std::string& where) override;
    int schema_version() override;
    // Checkpoints the WAL into the database file and truncates the WAL. False when a reader
    // (or another process) held on to part of the WAL, so that it could not all be folded in.
    bool checkpoint() override;

    SQLite::Database db_;
};

}  // namespace samtal
