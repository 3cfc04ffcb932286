// The shared engine (issue 19): a connection to PostgreSQL through libpq, which several samtal
// instances use at once. Writes take one advisory lock, so that they follow each other across
// instances as they do within one (the stores' rules read, then write, in one transaction);
// reads run side by side on snapshots.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "service/store/connection.hpp"

namespace samtal {

class postgresql_connection : public store_connection {
public:
    // Connects with the libpq connection string or URI `connection`. Throws store_unreachable,
    // without the password, when it cannot.
    explicit postgresql_connection(const std::string& connection);
    ~postgresql_connection() override;

    void exec(std::string_view sql) override;

    // How many times the session was lost and opened again: statements prepared on an earlier
    // session are gone from the server.
    int session() const { return session_; }
    PGconn* native() { return db_.get(); }

    // The store_error for a failed `result` (or, with none, for the connection's state).
    store_error failure(const PGresult* result);

private:
    std::unique_ptr<statement> prepare(const std::string& sql) override;
    void begin_write() override;
    void begin_read() override;
    void begin_claim() override;
    void migrate(const std::string& where) override;
    int schema_version() override;
    // Opens the session again when it was lost (PostgreSQL restarted): only between
    // transactions, when no statement is held.
    void reconnect_if_lost();

    std::unique_ptr<PGconn, decltype(&PQfinish)> db_;
    std::string password_;
    int session_ = 0;
};

// `sql` with the stores' `?` and `?N` placeholders written as PostgreSQL's `$N`, outside string
// literals, quoted names and comments.
std::string postgresql_placeholders(std::string_view sql);

}  // namespace samtal
