// The embedded SQLite store: one writer connection behind a mutex (so write transactions
// never meet SQLITE_BUSY from inside the process), a pool of reader connections that read WAL
// snapshots alongside it, and versioned migrations applied at open.
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
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

    // Checkpoints the WAL into the database file and truncates the WAL. False when a reader
    // (or another process) held on to part of the WAL, so that it could not all be folded in.
    bool checkpoint();

    // Checkpoints (as above) within k_checkpoint_delay, on a thread of the database's own:
    // a burst of calls costs one checkpoint rather than one each, and the caller does not
    // wait for it. Destroyed data thus leaves the WAL within a second of its commit, with
    // half of that to spare for a busy machine.
    void checkpoint_soon();
    static constexpr std::chrono::milliseconds k_checkpoint_delay{500};

private:
    void migrate();
    void run_checkpoints(std::stop_token stop);

    std::filesystem::path file_;
    std::unique_ptr<SQLite::Database> writer_;
    std::mutex writer_mutex_;
    std::vector<std::unique_ptr<SQLite::Database>> readers_;
    std::vector<SQLite::Database*> idle_readers_;
    std::mutex readers_mutex_;
    std::condition_variable reader_released_;

    std::mutex checkpoint_mutex_;
    std::condition_variable_any checkpoint_wanted_;
    bool checkpoint_due_ = false;
    std::jthread checkpointer_;
};

// True when SQLite refused a statement for a constraint (UNIQUE, PRIMARY KEY, CHECK).
bool is_constraint_violation(const SQLite::Exception& error);

}  // namespace samtal
