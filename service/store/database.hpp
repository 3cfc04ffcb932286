// The embedded SQLite store: one writer connection (so write transactions never meet
// SQLITE_BUSY from inside the process) that commits concurrent writes together, a pool of
// reader connections that read WAL snapshots alongside it, and versioned migrations applied
// at open. Each connection keeps its statements prepared.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

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
#include <unordered_map>
#include <vector>

namespace samtal {

class database {
public:
    class connection;

    // A statement from a connection's cache, reset and unbound again when the holder is done
    // with it, so the next use starts clean. Used like a pointer to the SQLite::Statement.
    class prepared_statement {
    public:
        prepared_statement(const prepared_statement&) = delete;
        prepared_statement& operator=(const prepared_statement&) = delete;
        ~prepared_statement();
        SQLite::Statement& operator*() const { return *statement_; }
        SQLite::Statement* operator->() const { return statement_; }

    private:
        friend class connection;
        prepared_statement(SQLite::Statement* cached, bool* in_use);
        explicit prepared_statement(std::unique_ptr<SQLite::Statement> own);

        SQLite::Statement* statement_;
        bool* in_use_ = nullptr;                  // the cache's flag for a cached statement
        std::unique_ptr<SQLite::Statement> own_;  // a statement prepared for this use only
    };

    // A SQLite connection that prepares each distinct SQL text once: preparing costs about as
    // much as running a small insert.
    class connection : public SQLite::Database {
    public:
        using SQLite::Database::Database;

        // The statement for `sql`, prepared on first use and kept as long as the connection:
        // meant for the store's fixed SQL texts, never for SQL with values written into it.
        // A statement still held further up the stack (a loop over its rows calling code that
        // wants the same one) is not shared: that use gets a fresh statement of its own.
        prepared_statement prepared(std::string_view sql);

        // Rolls back everything the write in progress did, once its task returns: a change
        // that finds it cannot happen (the time was taken meanwhile) leaves nothing, without
        // an exception. Only inside database::write.
        void discard_write() { discard_ = true; }

    private:
        friend class database;
        bool discard_ = false;
        struct cached {
            std::unique_ptr<SQLite::Statement> statement;
            bool in_use = false;
        };
        struct text_hash : std::hash<std::string_view> {
            using is_transparent = void;
        };
        std::unordered_map<std::string, cached, text_hash, std::equal_to<>> statements_;
    };

    using work = std::function<void(connection&)>;

    // Opens (creating if needed) the database file and applies pending migrations. A file that
    // is there but empty (0 bytes) is refused rather than made a new store: it was a store
    // once, and starting empty would hide that every booking is gone.
    explicit database(const std::filesystem::path& file, int readers = 2);
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

    // The schema version after migrations.
    int schema_version();

    // The schema version this binary's migrations bring a store to.
    static int known_schema_version();

    // True when a write transaction can start and commit a change to the file now.
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
    struct queued_write {
        const work* task;
        std::exception_ptr error;
        bool done = false;
    };

    void migrate();
    // Commits `writes` in one transaction and sets each one's error. It must not throw: the
    // caller would leave committing_ set, and every later write would wait for ever.
    void commit_together(const std::vector<queued_write*>& writes) noexcept;
    void run_checkpoints(std::stop_token stop);

    std::filesystem::path file_;
    std::unique_ptr<connection> writer_;
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

// True when SQLite refused a statement for a constraint (UNIQUE, PRIMARY KEY, CHECK).
bool is_constraint_violation(const SQLite::Exception& error);

}  // namespace samtal
