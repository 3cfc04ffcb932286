#include "service/store/database.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "service/embedded_files.hpp"

namespace samtal {
namespace {

// Migrations in order; the schema version is how many have been applied (PRAGMA user_version).
constexpr std::string_view k_migrations[] = {
    "service/store/migrations/001_initial.sql",
    "service/store/migrations/002_outbox.sql",
    "service/store/migrations/003_hosted_meetings.sql",
    "service/store/migrations/005_booking_dialect.sql",
    // Numbered before 005 but merged after it: databases at version 4 have 005 already.
    "service/store/migrations/004_interpreter_requests.sql",
};

void configure(SQLite::Database& connection) {
    // Durable commits (a 201 survives a crash): WAL with synchronous=FULL fsyncs every commit.
    connection.exec("PRAGMA journal_mode = WAL");
    connection.exec("PRAGMA synchronous = FULL");
    connection.exec("PRAGMA foreign_keys = ON");
    // Freed pages are zeroed so that destroyed contact data does not linger in the file.
    connection.exec("PRAGMA secure_delete = ON");
    // Other processes (a backup, the sqlite3 shell) may hold a lock briefly.
    connection.setBusyTimeout(5000);
}

}  // namespace

database::database(const std::filesystem::path& file, int readers) : file_(file) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    writer_ = std::make_unique<SQLite::Database>(
        file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    configure(*writer_);
    migrate();
    for (int i = 0; i < std::max(readers, 1); ++i) {
        readers_.push_back(std::make_unique<SQLite::Database>(
            file.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX));
        readers_.back()->setBusyTimeout(5000);
        idle_readers_.push_back(readers_.back().get());
    }
}

database::~database() {
    // Leave a tidy file behind: the WAL folded in, so a copy of the .db alone is complete.
    try {
        std::lock_guard lock(writer_mutex_);
        idle_readers_.clear();
        readers_.clear();
        writer_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SQLite::Exception&) {
        // Closing still succeeds; SQLite replays the WAL on the next open.
    }
}

void database::write(const work& task) {
    std::lock_guard lock(writer_mutex_);
    SQLite::Transaction transaction(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    task(*writer_);
    transaction.commit();
}

void database::read(const work& task) {
    SQLite::Database* connection = nullptr;
    {
        std::unique_lock lock(readers_mutex_);
        reader_released_.wait(lock, [&] { return !idle_readers_.empty(); });
        connection = idle_readers_.back();
        idle_readers_.pop_back();
    }
    struct release_on_exit {
        database& owner;
        SQLite::Database* connection;
        ~release_on_exit() {
            {
                std::lock_guard lock(owner.readers_mutex_);
                owner.idle_readers_.push_back(connection);
            }
            owner.reader_released_.notify_one();
        }
    } release{*this, connection};
    SQLite::Transaction transaction(*connection, SQLite::TransactionBehavior::DEFERRED);
    task(*connection);
    transaction.commit();
}

int database::schema_version() {
    std::lock_guard lock(writer_mutex_);
    return writer_->execAndGet("PRAGMA user_version").getInt();
}

bool database::writable() {
    try {
        // Taking and releasing the write lock proves the file is writable and not stuck.
        write([](SQLite::Database&) {});
        return true;
    } catch (const SQLite::Exception&) {
        return false;
    }
}

void database::checkpoint() {
    std::lock_guard lock(writer_mutex_);
    writer_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void database::migrate() {
    std::lock_guard lock(writer_mutex_);
    int version = writer_->execAndGet("PRAGMA user_version").getInt();
    int known = int(std::size(k_migrations));
    if (version > known)
        throw std::runtime_error(file_.string() + ": schema version " + std::to_string(version) +
                                 " is newer than this samtal knows (" + std::to_string(known) +
                                 "); upgrade samtal");
    for (; version < known; ++version) {
        const auto& sql = embedded_files().at(k_migrations[version]);
        SQLite::Transaction transaction(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
        writer_->exec(std::string(sql));
        writer_->exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
    }
}

bool is_constraint_violation(const SQLite::Exception& error) {
    return (error.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
}

}  // namespace samtal
