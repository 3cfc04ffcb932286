// A prepared SQL statement of either store engine (SQLite or PostgreSQL). Its methods are the
// part of SQLiteCpp's Statement the stores use, with the same names, so that a store reads the
// same on both engines: bind by position from 1, executeStep() for each row, exec() for a
// change, getColumn(i) from 0. SQL texts use `?` (or `?N`) placeholders; PostgreSQL's
// statements translate them.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace samtal {

// A statement the store refused or could not run. The message is the engine's short reason,
// which may still quote a value: callers keep it out of logs and answers.
class store_error : public std::runtime_error {
public:
    enum class kind { other, constraint_violation, unreachable };
    store_error(const std::string& message, kind what) : std::runtime_error(message), kind_(what) {}
    // True when a UNIQUE, PRIMARY KEY, FOREIGN KEY or CHECK constraint refused a change.
    bool constraint_violation() const { return kind_ == kind::constraint_violation; }
    // True when the connection to the store was lost (PostgreSQL restarted, network down).
    bool unreachable() const { return kind_ == kind::unreachable; }

private:
    kind kind_;
};

// The store could not be reached or refused the connection. The message names what failed
// (the host, the database, the server's reason) but never the password.
class store_unreachable : public store_error {
public:
    explicit store_unreachable(const std::string& message)
        : store_error(message, kind::unreachable) {}
};

class statement {
public:
    class column {
    public:
        bool isNull() const { return owner_.is_null(index_); }
        // A BLOB (SQLite) or BYTEA (PostgreSQL) value, which getString() gives as its bytes.
        bool isBlob() const { return owner_.is_blob(index_); }
        std::int64_t getInt64() const { return owner_.integer(index_); }
        int getInt() const { return int(owner_.integer(index_)); }
        // Text, or a BLOB/BYTEA's bytes.
        std::string getString() const { return owner_.text(index_); }

    private:
        friend class statement;
        column(statement& owner, int index) : owner_(owner), index_(index) {}
        statement& owner_;
        int index_;
    };

    virtual ~statement() = default;

    template <std::integral T>
    void bind(int index, T value) {
        bind_integer(index, std::int64_t(value));
    }
    void bind(int index, std::string_view text) { bind_text(index, text); }
    void bind(int index, const char* text) { bind_text(index, text); }
    void bind(int index, const std::string& text) { bind_text(index, text); }
    // A BLOB (BYTEA) of `size` bytes.
    void bind(int index, const void* bytes, int size) {
        bind_bytes(index, std::string_view(static_cast<const char*>(bytes), std::size_t(size)));
    }
    // NULL.
    void bind(int index) { bind_null(index); }

    // Runs the statement on its first call, then moves to the next row: false when there is
    // none left.
    virtual bool executeStep() = 0;
    // Runs a statement that returns no rows; the number of rows it changed.
    virtual int exec() = 0;
    // Runs an INSERT … RETURNING id and gives the new row's id, or nullopt when it inserted
    // nothing (ON CONFLICT DO NOTHING). Finished at once: SQLite would otherwise keep the
    // statement open, and no savepoint could begin after it.
    std::optional<std::int64_t> exec_returning_id() {
        if (!executeStep()) return std::nullopt;
        auto id = getColumn(0).getInt64();
        reset();
        return id;
    }
    column getColumn(int index) { return column(*this, index); }
    // How many columns each row has, and what the one at `index` is called.
    virtual int getColumnCount() = 0;
    virtual std::string getColumnName(int index) = 0;
    // Ready to run again, keeping the bound values.
    virtual void reset() = 0;
    // Ready to run again with no values bound (each reads as NULL).
    virtual void clear() = 0;

protected:
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_bytes(int index, std::string_view bytes) = 0;
    virtual void bind_null(int index) = 0;
    virtual bool is_null(int index) = 0;
    virtual bool is_blob(int index) = 0;
    virtual std::int64_t integer(int index) = 0;
    virtual std::string text(int index) = 0;
};

}  // namespace samtal
