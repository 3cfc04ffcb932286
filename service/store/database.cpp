#include "service/store/database.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <utility>

#include "service/store/migrations.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_record_store_check = R"sql(
    INSERT INTO store_checks (id, checked_at) VALUES (1, ?)
    ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at)sql";

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
    std::error_code ec;
    if (std::filesystem::file_size(file, ec) == 0 && !ec)
        throw std::runtime_error(
            file.string() +
            ": the store is an empty file (0 bytes), so its bookings are gone; samtal does not "
            "start afresh on it. Restore the latest backup (samtal restore --from FILE), or "
            "remove the empty file if this is a new installation");
    writer_ = std::make_unique<connection>(
        file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    configure(*writer_);
    migrate();
    for (int i = 0; i < std::max(readers, 1); ++i) {
        readers_.push_back(std::make_unique<connection>(
            file.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX));
        readers_.back()->setBusyTimeout(5000);
        idle_readers_.push_back(readers_.back().get());
    }
}

database::~database() {
    if (checkpointer_.joinable()) {
        checkpointer_.request_stop();
        checkpointer_.join();
    }
    // Leave a tidy file behind: the WAL folded in, so a copy of the .db alone is complete
    // (and a checkpoint that was still due is done).
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
    queued_write mine{&task, nullptr};
    std::unique_lock lock(queue_mutex_);
    queued_.push_back(&mine);
    written_.wait(lock, [&] { return mine.done || !committing_; });
    if (!mine.done) {
        // No commit is under way: this caller commits all that waits, its own write included.
        committing_ = true;
        auto writes = std::exchange(queued_, {});
        lock.unlock();
        commit_together(writes);
        lock.lock();
        for (auto* write : writes) write->done = true;
        committing_ = false;
        written_.notify_all();
    }
    if (mine.error) std::rethrow_exception(mine.error);
}

void database::commit_together(const std::vector<queued_write*>& writes) noexcept {
    std::lock_guard lock(writer_mutex_);
    try {
        SQLite::Transaction transaction(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
        for (auto* write : writes) {
            writer_->prepared("SAVEPOINT write")->exec();
            writer_->discard_ = false;
            try {
                (*write->task)(*writer_);
                if (writer_->discard_) writer_->prepared("ROLLBACK TO write")->exec();
            } catch (...) {
                write->error = std::current_exception();
                writer_->prepared("ROLLBACK TO write")->exec();
            }
            writer_->prepared("RELEASE write")->exec();
        }
        transaction.commit();
    } catch (...) {
        // The transaction itself failed (to begin, to roll a write back, to commit): none of
        // the writes is kept, and each caller hears so.
        for (auto* write : writes)
            if (!write->error) write->error = std::current_exception();
    }
}

void database::read(const work& task) {
    database::connection* connection = nullptr;
    {
        std::unique_lock lock(readers_mutex_);
        reader_released_.wait(lock, [&] { return !idle_readers_.empty(); });
        connection = idle_readers_.back();
        idle_readers_.pop_back();
    }
    struct release_on_exit {
        database& owner;
        database::connection* connection;
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

int database::known_schema_version() { return int(k_migrations.size()); }

int database::schema_version() {
    std::lock_guard lock(writer_mutex_);
    return writer_->execAndGet("PRAGMA user_version").getInt();
}

bool database::writable() {
    try {
        // A change that reaches the file: an empty transaction takes the lock but writes
        // nothing, so it would not notice a full disk or a read-only file system.
        auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        write([now](connection& db) {
            auto check = db.prepared(k_record_store_check);
            check->bind(1, std::int64_t(now));
            check->exec();
        });
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool database::checkpoint() {
    std::lock_guard lock(writer_mutex_);
    // The first column says whether the checkpoint was blocked (SQLITE_BUSY) before the end.
    return writer_->execAndGet("PRAGMA wal_checkpoint(TRUNCATE)").getInt() == 0;
}

void database::checkpoint_soon() {
    {
        std::lock_guard lock(checkpoint_mutex_);
        if (checkpoint_due_) return;
        checkpoint_due_ = true;
        // Started with the first call: a process that never destroys anything (migrate, purge,
        // the tests of other tables) has no thread waiting.
        if (!checkpointer_.joinable())
            checkpointer_ = std::jthread([this](std::stop_token stop) { run_checkpoints(stop); });
    }
    checkpoint_wanted_.notify_all();
}

void database::run_checkpoints(std::stop_token stop) {
    std::unique_lock lock(checkpoint_mutex_);
    while (!stop.stop_requested()) {
        if (!checkpoint_wanted_.wait(lock, stop, [this] { return checkpoint_due_; })) return;
        // The timer runs from the first call; later calls until it fires join this checkpoint.
        auto deadline = std::chrono::steady_clock::now() + k_checkpoint_delay;
        checkpoint_wanted_.wait_until(lock, stop, deadline, [] { return false; });
        if (stop.stop_requested()) return;  // the destructor checkpoints
        // Cleared before the checkpoint: a commit after this point asks for another one, and
        // one before it is folded in by this one.
        checkpoint_due_ = false;
        lock.unlock();
        bool complete = false;
        try {
            complete = checkpoint();
        } catch (const SQLite::Exception&) {
        }
        lock.lock();
        // A reader on an old snapshot, or a backup's lock, kept part of the WAL: again after
        // the delay.
        if (!complete) checkpoint_due_ = true;
    }
}

void database::migrate() {
    std::lock_guard lock(writer_mutex_);
    int version = writer_->execAndGet("PRAGMA user_version").getInt();
    int known = known_schema_version();
    if (version > known)
        throw std::runtime_error(file_.string() + ": schema version " + std::to_string(version) +
                                 " is newer than this samtal knows (" + std::to_string(known) +
                                 "); upgrade samtal");
    for (; version < known; ++version) {
        auto sql = migration_sql(std::size_t(version), store_engine::sqlite);
        SQLite::Transaction transaction(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
        writer_->exec(std::string(sql));
        writer_->exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
    }
}

database::prepared_statement::prepared_statement(SQLite::Statement* cached, bool* in_use)
    : statement_(cached), in_use_(in_use) {
    *in_use_ = true;
}

database::prepared_statement::prepared_statement(std::unique_ptr<SQLite::Statement> own)
    : statement_(own.get()), own_(std::move(own)) {}

database::prepared_statement::~prepared_statement() {
    statement_->tryReset();
    statement_->clearBindings();  // sqlite3_clear_bindings always succeeds
    if (in_use_) *in_use_ = false;
}

database::prepared_statement database::connection::prepared(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end()) found = statements_.emplace(std::string(sql), cached{}).first;
    auto& entry = found->second;
    if (entry.in_use)
        return prepared_statement(std::make_unique<SQLite::Statement>(*this, found->first));
    // Prepared on first use; a statement that failed to prepare is tried again next time.
    if (!entry.statement)
        entry.statement = std::make_unique<SQLite::Statement>(*this, found->first);
    return prepared_statement(entry.statement.get(), &entry.in_use);
}

bool is_constraint_violation(const SQLite::Exception& error) {
    return (error.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
}

}  // namespace samtal
