// The store, on either engine: one writer connection that commits concurrent writes together
// (on SQLite so that write transactions never meet SQLITE_BUSY from inside the process), a pool
// of reader connections that read snapshots alongside it, and versioned migrations applied at
// open. Each connection keeps its statements prepared.
#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <variant>
#include <vector>

#include "service/store/connection.hpp"

namespace samtal {

// Where the store is: the embedded SQLite file, or a PostgreSQL server that several instances
// share, by its libpq connection string (read from the environment, never from a file).
struct sqlite_file {
    std::filesystem::path path;
};
struct postgresql_server {
    std::string connection;
};
using store_location = std::variant<sqlite_file, postgresql_server>;

class database {
public:
    using connection = store_connection;
    using prepared_statement = store_connection::prepared_statement;

    using work = std::function<void(connection&)>;

    // Opens (creating if needed) the database file and applies pending migrations. A file that
    // is there but empty (0 bytes) is refused rather than made a new store: it was a store
    // once, and starting empty would hide that every booking is gone.
    explicit database(const std::filesystem::path& file, int readers = 2);
    // Opens the store at `where`. On PostgreSQL, migrations wait for another instance that is
    // migrating; a server that cannot be reached throws store_unreachable.
    explicit database(const store_location& where, int readers = 2);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    // Runs `task` on the writer connection and returns once it is committed; if `task`
    // throws, nothing it wrote is kept and the exception comes out here, and if it calls
    // connection::discard_write, nothing it wrote is kept either. Writes that arrive
    // while a commit is under way are committed together in the next transaction, each in a
    // savepoint of its own, so that one fsync serves them all.
    void write(const work& task);

    // Runs `task` on a reader connection, in one read transaction (a consistent snapshot).
    void read(const work& task);

    // Runs `task` on the writer connection in a transaction of its own that claims due rows
    // (row_leases.hpp) and commits at once. On SQLite it is a write like any other. On
    // PostgreSQL it does not take the store's write lock: instances claim side by side, each
    // row locked by one claim (FOR UPDATE SKIP LOCKED), so `task` must change nothing but the
    // rows it locks that way. If `task` throws, nothing it wrote is kept.
    void claim(const work& task);

    // The schema version after migrations.
    int schema_version();

    // The schema version this binary's migrations bring a store to.
    static int known_schema_version();

    // True when a write transaction can start and commit a change to the file now.
    bool writable();

    store_engine engine() const { return writer_->engine(); }

    // Which samtal instance this is, among those that share a PostgreSQL store: the start of
    // every lease it takes (row_leases.hpp), so that it can end its own leases when it starts
    // again after being killed. Random unless set (the service keeps one in its data folder).
    const std::string& instance() const { return instance_; }
    void set_instance(std::string id) { instance_ = std::move(id); }

    // Checkpoints SQLite's WAL into the database file and truncates the WAL. False when a reader
    // (or another process) held on to part of the WAL, so that it could not all be folded in.
    // PostgreSQL has no such file of ours: always true.
    bool checkpoint();

    // Checkpoints (as above) within k_checkpoint_delay, on a thread of the database's own:
    // a burst of calls costs one checkpoint rather than one each, and the caller does not
    // wait for it. Destroyed data thus leaves the WAL within a second of its commit, with
    // half of that to spare for a busy machine.
    void checkpoint_soon();
    static constexpr std::chrono::milliseconds k_checkpoint_delay{500};

private:
    class transaction;
    struct queued_write {
        const work* task;
        std::exception_ptr error;
        bool done = false;
    };

    // Commits `writes` in one transaction and sets each one's error. It must not throw: the
    // caller would leave committing_ set, and every later write would wait for ever.
    void commit_together(const std::vector<queued_write*>& writes) noexcept;
    void run_checkpoints(std::stop_token stop);

    std::unique_ptr<connection> writer_;
    std::string instance_;
    std::mutex writer_mutex_;

    // Writes waiting for the next commit, and whether a caller is committing a batch now.
    std::mutex queue_mutex_;
    std::condition_variable written_;
    std::vector<queued_write*> queued_;
    bool committing_ = false;

    std::vector<std::unique_ptr<connection>> readers_;
    std::vector<connection*> idle_readers_;
    std::mutex readers_mutex_;
    std::condition_variable reader_released_;

    std::mutex checkpoint_mutex_;
    std::condition_variable_any checkpoint_wanted_;
    bool checkpoint_due_ = false;
    std::jthread checkpointer_;
};

}  // namespace samtal
