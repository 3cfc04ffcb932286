// A PostgreSQL store that several samtal instances share (issue 19): a connection through
// libpq, and the versioned migrations (migrations/postgresql/) that give it the same tables
// as the embedded SQLite store, applied by one instance at a time.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace samtal {

// The store could not be reached or refused the connection. The message names what failed
// (the host, the database, the server's reason) but never the password.
class store_unreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class postgresql_database {
public:
    // Connects with the libpq connection string or URI `connection` and brings the schema to
    // the version this binary knows, waiting for another instance that is migrating. Throws
    // store_unreachable when it cannot connect, std::runtime_error when the schema is newer
    // than this binary knows or a migration fails (which then leaves nothing of itself).
    explicit postgresql_database(const std::string& connection);

    // The schema version after migrations: how many of k_migrations have been applied.
    int schema_version();

private:
    void migrate();

    std::unique_ptr<PGconn, decltype(&PQfinish)> connection_;
};

}  // namespace samtal
