#include "service/store/postgresql_database.hpp"

#include <optional>
#include <string_view>

#include "service/store/migrations.hpp"

namespace samtal {
namespace {

// The advisory lock that lets one instance at a time migrate: "samtal" in ASCII.
constexpr std::string_view k_lock_migrations = "SELECT pg_advisory_xact_lock(126879796527468)";
constexpr std::string_view k_create_version_table = R"sql(
    CREATE TABLE IF NOT EXISTS schema_version (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        version INTEGER NOT NULL
    ))sql";
constexpr std::string_view k_select_version = "SELECT version FROM schema_version";
constexpr std::string_view k_set_version = R"sql(
    INSERT INTO schema_version (one, version) VALUES (1, $1)
    ON CONFLICT (one) DO UPDATE SET version = excluded.version)sql";

using result_ptr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// `text` with every occurrence of `secret` blotted out.
std::string without(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
        text.replace(at, secret.size(), "…");
    return text;
}

// The password the connection string holds, if any, to keep it out of messages; nullopt when
// libpq cannot read the string at all.
std::optional<std::string> password_in(const std::string& connection) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    if (!options) {
        PQfreemem(error);  // it may quote the string, password and all
        return std::nullopt;
    }
    std::string password;
    for (auto* option = options; option->keyword; ++option)
        if (std::string_view(option->keyword) == "password" && option->val) password = option->val;
    PQconninfoFree(options);
    return password;
}

class transaction_failed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Runs `sql` (one or more statements without parameters) and fails on any error.
void run(PGconn* connection, std::string_view sql) {
    result_ptr result(PQexec(connection, std::string(sql).c_str()), &PQclear);
    auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw transaction_failed(PQresultErrorMessage(result.get()));
}

}  // namespace

postgresql_database::postgresql_database(const std::string& connection)
    : connection_(nullptr, &PQfinish) {
    auto password = password_in(connection);
    if (!password)
        throw store_unreachable(
            "the PostgreSQL connection string cannot be read (expected key=value pairs or a "
            "postgresql:// URI)");
    connection_.reset(PQconnectdb(connection.c_str()));
    if (PQstatus(connection_.get()) != CONNECTION_OK)
        throw store_unreachable("cannot connect to PostgreSQL: " +
                                without(PQerrorMessage(connection_.get()), *password));
    migrate();
}

int postgresql_database::schema_version() {
    result_ptr result(PQexec(connection_.get(), std::string(k_select_version).c_str()), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        throw transaction_failed(PQresultErrorMessage(result.get()));
    return PQntuples(result.get()) == 0 ? 0 : std::stoi(PQgetvalue(result.get(), 0, 0));
}

void postgresql_database::migrate() {
    auto* db = connection_.get();
    int known = int(k_migrations.size());
    // One migration per transaction, each taking the lock first: an instance that starts while
    // another migrates waits, then finds the version moved on and skips what is done.
    for (;;) {
        run(db, "BEGIN");
        int version = 0;
        try {
            run(db, k_lock_migrations);
            run(db, k_create_version_table);
            version = schema_version();
            if (version > known)
                throw std::runtime_error("the PostgreSQL store's schema version " +
                                         std::to_string(version) +
                                         " is newer than this samtal knows (" +
                                         std::to_string(known) + "); upgrade samtal");
            if (version == known) {
                run(db, "COMMIT");
                return;
            }
            run(db, migration_sql(std::size_t(version), store_engine::postgresql));
            auto next = std::to_string(version + 1);
            const char* values[] = {next.c_str()};
            result_ptr set(PQexecParams(db, std::string(k_set_version).c_str(), 1, nullptr, values,
                                        nullptr, nullptr, 0),
                           &PQclear);
            if (PQresultStatus(set.get()) != PGRES_COMMAND_OK)
                throw transaction_failed(PQresultErrorMessage(set.get()));
            run(db, "COMMIT");
        } catch (const transaction_failed& error) {
            PQclear(PQexec(db, "ROLLBACK"));
            throw std::runtime_error("PostgreSQL migration " +
                                     std::string(k_migrations.at(std::size_t(version))) +
                                     " failed: " + error.what());
        } catch (...) {
            PQclear(PQexec(db, "ROLLBACK"));
            throw;
        }
    }
}

}  // namespace samtal
