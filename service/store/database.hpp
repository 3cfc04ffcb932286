// The embedded SQLite store: one writer connection behind a mutex (so write transactions
// never meet SQLITE_BUSY from inside the process), a pool of reader connections that read WAL
// snapshots alongside it, and versioned migrations applied at open.
#pragma once

#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace samtal {

class database {
public:
    using work = std::function<void(SQLite::Database&)>;

    // Opens (creating if needed) the database file and applies pending migrations.
    explicit database(const std::filesystem::path& file, int readers = 2);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // Runs `task` in one IMMEDIATE transaction on the writer connection; commits when it
    // returns, rolls back when it throws.
    void write(const work& task);

    // Runs `task` on a reader connection, in one read transaction (a consistent snapshot).
    void read(const work& task);

    // The schema version after migrations.
    int schema_version();

    // True when a write transaction can start and commit now.
    bool writable();

    // Checkpoints the WAL into the database file and truncates the WAL.
    void checkpoint();

private:
    void migrate();

    std::filesystem::path file_;
    std::unique_ptr<SQLite::Database> writer_;
    std::mutex writer_mutex_;
    std::vector<std::unique_ptr<SQLite::Database>> readers_;
    std::vector<SQLite::Database*> idle_readers_;
    std::mutex readers_mutex_;
    std::condition_variable reader_released_;
};

// True when SQLite refused a statement for a constraint (UNIQUE, PRIMARY KEY, CHECK).
bool is_constraint_violation(const SQLite::Exception& error);

}  // namespace samtal
