#include "service/store/sqlite_connection.hpp"

#include <sqlite3.h>

namespace samtal {
namespace {

store_error translated(const SQLite::Exception& error) {
    bool constraint = (error.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
    return store_error(error.what(), constraint ? store_error::kind::constraint_violation
                                                : store_error::kind::other);
}

// Runs `work`, with SQLite's exceptions turned into store_error.
template <typename Work>
auto translating(Work&& work) {
    try {
        return work();
    } catch (const SQLite::Exception& error) {
        throw translated(error);
    }
}

class sqlite_statement : public statement {
public:
    sqlite_statement(SQLite::Database& db, const std::string& sql)
        : statement_(translating([&] { return SQLite::Statement(db, sql); })) {}

    bool executeStep() override {
        return translating([&] { return statement_.executeStep(); });
    }
    int exec() override {
        return translating([&] { return statement_.exec(); });
    }
    int getColumnCount() override { return statement_.getColumnCount(); }
    std::string getColumnName(int index) override {
        return translating([&] { return std::string(statement_.getColumnName(index)); });
    }
    void reset() override { statement_.tryReset(); }
    void clear() override {
        statement_.tryReset();
        statement_.clearBindings();  // sqlite3_clear_bindings always succeeds
    }

private:
    void bind_integer(int index, std::int64_t value) override {
        translating([&] { statement_.bind(index, value); });
    }
    void bind_text(int index, std::string_view text) override {
        translating([&] { statement_.bind(index, std::string(text)); });
    }
    void bind_bytes(int index, std::string_view bytes) override {
        translating([&] { statement_.bind(index, bytes.data(), int(bytes.size())); });
    }
    void bind_null(int index) override {
        translating([&] { statement_.bind(index); });
    }
    bool is_null(int index) override {
        return translating([&] { return statement_.getColumn(index).isNull(); });
    }
    bool is_blob(int index) override {
        return translating([&] { return statement_.getColumn(index).isBlob(); });
    }
    std::int64_t integer(int index) override {
        return translating([&] { return statement_.getColumn(index).getInt64(); });
    }
    std::string text(int index) override {
        return translating([&] {
            auto column = statement_.getColumn(index);
            return std::string(static_cast<const char*>(column.getBlob()),
                               std::size_t(column.getBytes()));
        });
    }

    SQLite::Statement statement_;
};

}  // namespace

sqlite_connection::sqlite_connection(const std::filesystem::path& file, access mode)
    : store_connection(store_engine::sqlite), db_(translating([&] {
          return SQLite::Database(file.string(), (mode == access::read_write
                                                      ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                      : SQLite::OPEN_READONLY) |
                                                     SQLite::OPEN_NOMUTEX);
      })) {
    // Other processes (a backup, the sqlite3 shell) may hold a lock briefly.
    db_.setBusyTimeout(5000);
    if (mode == access::read_only) return;
    // Durable commits (a 201 survives a crash): WAL with synchronous=FULL fsyncs every commit.
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = FULL");
    exec("PRAGMA foreign_keys = ON");
    // Freed pages are zeroed so that destroyed contact data does not linger in the file.
    exec("PRAGMA secure_delete = ON");
}

void sqlite_connection::exec(std::string_view sql) {
    translating([&] { db_.exec(std::string(sql)); });
}

std::unique_ptr<statement> sqlite_connection::prepare(const std::string& sql) {
    return std::make_unique<sqlite_statement>(db_, sql);
}

bool sqlite_connection::checkpoint() {
    // The first column says whether the checkpoint was blocked (SQLITE_BUSY) before the end.
    return translating(
               [&] { return db_.execAndGet("PRAGMA wal_checkpoint(TRUNCATE)").getInt(); }) == 0;
}

int sqlite_connection::schema_version() {
    return translating([&] { return db_.execAndGet("PRAGMA user_version").getInt(); });
}

void sqlite_connection::migrate(const std::string& where) {
    int version = schema_version();
    int known = int(k_migrations.size());
    if (version > known)
        throw std::runtime_error(where + ": schema version " + std::to_string(version) +
                                 " is newer than this samtal knows (" + std::to_string(known) +
                                 "); upgrade samtal");
    for (; version < known; ++version) {
        begin_write();
        try {
            exec(migration_sql(std::size_t(version), store_engine::sqlite));
            exec("PRAGMA user_version = " + std::to_string(version + 1));
            exec("COMMIT");
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }
}

}  // namespace samtal
