// A database of a test's own on the PostgreSQL server the test run shares
// (tests/postgresql/server, whose connection string ctest puts in SAMTAL_TEST_POSTGRESQL): made
// empty (or as a copy of a template database) for the test, and dropped after it.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace samtal::testing {

// One connection to a PostgreSQL database, for statements run one after another on it.
class postgresql_test_session {
public:
    explicit postgresql_test_session(const std::string& url)
        : db_(PQconnectdb(url.c_str()), &PQfinish) {
        if (PQstatus(db_.get()) != CONNECTION_OK)
            throw std::runtime_error(PQerrorMessage(db_.get()));
    }

    // Runs `sql`; the rows' first column, each as text.
    std::vector<std::string> run(const std::string& sql) {
        std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(db_.get(), sql.c_str()),
                                                             &PQclear);
        auto status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            throw std::runtime_error(PQresultErrorMessage(result.get()));
        std::vector<std::string> rows;
        for (int row = 0; row < PQntuples(result.get()); ++row)
            rows.emplace_back(PQgetvalue(result.get(), row, 0));
        return rows;
    }

    // Runs `sql` and returns every value of every row as the server sends it in binary form
    // (text as its bytes, bytea as its bytes), one after the other.
    std::string every_value(const std::string& sql) {
        std::unique_ptr<PGresult, decltype(&PQclear)> result(
            PQexecParams(db_.get(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1),
            &PQclear);
        if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
            throw std::runtime_error(PQresultErrorMessage(result.get()));
        std::string all;
        for (int row = 0; row < PQntuples(result.get()); ++row)
            for (int column = 0; column < PQnfields(result.get()); ++column)
                all.append(PQgetvalue(result.get(), row, column),
                           std::size_t(PQgetlength(result.get(), row, column)))
                    .append("\n");
        return all;
    }

private:
    std::unique_ptr<PGconn, decltype(&PQfinish)> db_;
};

class postgresql_test_database {
public:
    // An empty database, or with `from_template` a copy of that database on the same server.
    explicit postgresql_test_database(const std::string& from_template = "")
        : name_("samtal_test_" + std::to_string(::getpid()) + "_" + std::to_string(next_++)) {
        run_on_server("CREATE DATABASE " + name_ +
                      (from_template.empty() ? "" : " TEMPLATE " + from_template));
    }
    ~postgresql_test_database() {
        try {
            run_on_server("DROP DATABASE " + name_ + " WITH (FORCE)");
        } catch (const std::exception&) {
        }
    }
    postgresql_test_database(const postgresql_test_database&) = delete;
    postgresql_test_database& operator=(const postgresql_test_database&) = delete;

    // The connection string of this test's database.
    std::string url() const { return with_database(server(), name_); }

    // Runs `sql` on this test's database; the rows' first column, each as text.
    std::vector<std::string> query(const std::string& sql) const { return run(url(), sql); }

    // The server's connection string, from ctest (tests/CMakeLists.txt): SAMTAL_TEST_POSTGRESQL,
    // or else SAMTAL_TEST_STORE when that holds a connection string (support/test_store.hpp).
    static std::string server() {
        if (const char* url = std::getenv("SAMTAL_TEST_POSTGRESQL")) return url;
        const char* store = std::getenv("SAMTAL_TEST_STORE");
        if (store && std::string_view(store).starts_with("postgresql://")) return store;
        throw std::runtime_error("SAMTAL_TEST_POSTGRESQL is not set: run through ctest");
    }

    // `url` (postgresql://user@/DATABASE?...) naming `database` instead.
    static std::string with_database(const std::string& url, const std::string& database) {
        auto slash = url.find('/', url.find("://") + 3);
        auto end = url.find('?', slash);
        return url.substr(0, slash + 1) + database + url.substr(end);
    }

    static std::vector<std::string> run(const std::string& url, const std::string& sql) {
        return postgresql_test_session(url).run(sql);
    }

private:
    void run_on_server(const std::string& sql) { run(server(), sql); }

    static inline std::atomic<int> next_{0};
    std::string name_;
};

}  // namespace samtal::testing
