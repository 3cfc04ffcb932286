#include "service/store/database.hpp"

#include <utility>

#include "service/privacy/secret_key.hpp"
#include "service/store/postgresql_connection.hpp"
#include "service/store/sqlite_connection.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_record_store_check = R"sql(
    INSERT INTO store_checks (id, checked_at) VALUES (1, ?)
    ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at)sql";

}  // namespace

// Rolls back the transaction begun on `db` unless commit() was called.
class database::transaction {
public:
    explicit transaction(store_connection& db) : db_(db) {}
    ~transaction() {
        if (done_) return;
        try {
            db_.rollback();
        } catch (const store_error&) {
            // The connection is gone; so is the transaction.
        }
    }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit() {
        done_ = true;
        db_.commit();
    }

private:
    store_connection& db_;
    bool done_ = false;
};

namespace {

std::unique_ptr<store_connection> open_sqlite(const std::filesystem::path& file) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
    std::error_code ec;
    if (std::filesystem::file_size(file, ec) == 0 && !ec)
        throw std::runtime_error(
            file.string() +
            ": the store is an empty file (0 bytes), so its bookings are gone; samtal does not "
            "start afresh on it. Restore the latest backup (samtal restore --from FILE), or "
            "remove the empty file if this is a new installation");
    return std::make_unique<sqlite_connection>(file, sqlite_connection::access::read_write);
}

}  // namespace

database::database(const std::filesystem::path& file, int readers)
    : database(store_location{sqlite_file{file}}, readers) {}

database::database(const store_location& where, int readers) : instance_(random_hex(8)) {
    if (const auto* file = std::get_if<sqlite_file>(&where)) {
        writer_ = open_sqlite(file->path);
        writer_->migrate(file->path.string());
    } else {
        const auto& server = std::get<postgresql_server>(where);
        writer_ = std::make_unique<postgresql_connection>(server.connection);
        writer_->migrate("the PostgreSQL store");
    }
    for (int i = 0; i < std::max(readers, 1); ++i) {
        if (const auto* file = std::get_if<sqlite_file>(&where))
            readers_.push_back(std::make_unique<sqlite_connection>(
                file->path, sqlite_connection::access::read_only));
        else
            readers_.push_back(std::make_unique<postgresql_connection>(
                std::get<postgresql_server>(where).connection));
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
        writer_->checkpoint();
    } catch (const store_error&) {
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
    // A write alone needs no savepoint: the transaction is its own, and is rolled back
    // instead of committed when the write fails or is discarded (two round trips fewer on
    // PostgreSQL).
    bool alone = writes.size() == 1;
    try {
        writer_->begin_write();
        transaction whole(*writer_);
        for (auto* write : writes) {
            if (!alone) writer_->exec("SAVEPOINT write");
            writer_->discard_ = false;
            try {
                (*write->task)(*writer_);
                if (writer_->discard_ && !alone) writer_->exec("ROLLBACK TO write");
            } catch (...) {
                write->error = std::current_exception();
                if (!alone) writer_->exec("ROLLBACK TO write");
            }
            if (!alone) writer_->exec("RELEASE write");
        }
        if (alone && (writes.front()->error || writer_->discard_)) return;  // `whole` rolls back
        whole.commit();
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
    connection->begin_read();
    transaction snapshot(*connection);
    task(*connection);
    snapshot.commit();
}

void database::claim(const work& task) {
    std::lock_guard lock(writer_mutex_);
    writer_->begin_claim();
    transaction claimed(*writer_);
    task(*writer_);
    claimed.commit();
}

int database::known_schema_version() { return int(k_migrations.size()); }

int database::schema_version() {
    std::lock_guard lock(writer_mutex_);
    return writer_->schema_version();
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
    return writer_->checkpoint();
}

void database::checkpoint_soon() {
    if (engine() != store_engine::sqlite) return;
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
        } catch (const store_error&) {
        }
        lock.lock();
        // A reader on an old snapshot, or a backup's lock, kept part of the WAL: again after
        // the delay.
        if (!complete) checkpoint_due_ = true;
    }
}

}  // namespace samtal
