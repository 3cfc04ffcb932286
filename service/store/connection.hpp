// One connection to the store, of either engine, that prepares each distinct SQL text once:
// preparing costs about as much as running a small insert. The database (database.hpp) owns
// the connections and runs each read and write in a transaction on one of them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "service/store/migrations.hpp"
#include "service/store/statement.hpp"

namespace samtal {

class store_connection {
public:
    // A statement from the connection's cache, reset and unbound again when the holder is done
    // with it, so the next use starts clean. Used like a pointer to the statement.
    class prepared_statement {
    public:
        prepared_statement(const prepared_statement&) = delete;
        prepared_statement& operator=(const prepared_statement&) = delete;
        ~prepared_statement();
        statement& operator*() const { return *statement_; }
        statement* operator->() const { return statement_; }

    private:
        friend class store_connection;
        prepared_statement(statement* cached, bool* in_use);
        explicit prepared_statement(std::unique_ptr<statement> own);

        statement* statement_;
        bool* in_use_ = nullptr;          // the cache's flag for a cached statement
        std::unique_ptr<statement> own_;  // a statement prepared for this use only
    };

    explicit store_connection(store_engine engine) : engine_(engine) {}
    virtual ~store_connection() = default;
    store_connection(const store_connection&) = delete;
    store_connection& operator=(const store_connection&) = delete;

    store_engine engine() const { return engine_; }

    // The statement for `sql`, prepared on first use and kept as long as the connection:
    // meant for the store's fixed SQL texts, never for SQL with values written into it.
    // A statement still held further up the stack (a loop over its rows calling code that
    // wants the same one) is not shared: that use gets a fresh statement of its own.
    prepared_statement prepared(std::string_view sql);

    // Runs `sql`, one or more statements without parameters or rows (DDL, a migration).
    virtual void exec(std::string_view sql) = 0;

    // Rolls back everything the write in progress did, once its task returns: a change
    // that finds it cannot happen (the time was taken meanwhile) leaves nothing, without
    // an exception. Only inside database::write.
    void discard_write() { discard_ = true; }

protected:
    virtual std::unique_ptr<statement> prepare(const std::string& sql) = 0;
    // Forgets every cached statement: the engine's session that held them is gone.
    void forget_statements() { statements_.clear(); }

private:
    friend class database;

    // Transactions, for database: a write excludes every other writer of the store (in any
    // process) until it commits or rolls back; a read sees one snapshot.
    virtual void begin_write() = 0;
    virtual void begin_read() = 0;
    // A transaction that changes only the rows it locks itself (database::claim): on an engine
    // with row locks it need not exclude the other writers.
    virtual void begin_claim() { begin_write(); }
    void commit() { exec("COMMIT"); }
    void rollback() { exec("ROLLBACK"); }
    // Brings the schema to the version this binary knows; `where` names the store in errors.
    virtual void migrate(const std::string& where) = 0;
    virtual int schema_version() = 0;
    // Folds what the engine keeps beside the store's file into it (SQLite's WAL); false when
    // part of it could not be folded in yet. An engine with no such file has nothing to do.
    virtual bool checkpoint() { return true; }

    store_engine engine_;
    bool discard_ = false;
    struct cached {
        std::unique_ptr<statement> prepared;
        bool in_use = false;
    };
    struct text_hash : std::hash<std::string_view> {
        using is_transparent = void;
    };
    std::unordered_map<std::string, cached, text_hash, std::equal_to<>> statements_;
};

// A savepoint that is rolled back (and released) unless release() was called: a part of a
// write that may fail on a constraint without failing the rest.
class savepoint {
public:
    savepoint(store_connection& db, std::string name);
    ~savepoint();
    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;
    void release();
    void rollback();

private:
    store_connection& db_;
    std::string name_;
    bool open_ = true;
};

}  // namespace samtal
