// The ceiling for booking creation on PostgreSQL (scripts/bench --store postgresql): the same
// durable write transaction a booking makes (the booking row, its twelve five-minute claims,
// its sealed contact, its outbox row) on the same schema, straight through libpq with prepared
// statements, and nothing else around it: no HTTP, no availability check, no advisory lock, no
// code hashing, no sealing. One booking per transaction, one after another.
// Usage: postgresql_ceiling CONNECTION SECONDS  — prints transactions per second.
#include <libpq-fe.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "service/store/database.hpp"

namespace {

void check(PGresult* result, PGconn* db) {
    auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        std::fprintf(stderr, "postgresql_ceiling: %s", PQerrorMessage(db));
        std::exit(1);
    }
}

PGresult* run(PGconn* db, const char* name, std::initializer_list<std::string> values) {
    const char* texts[8];
    int i = 0;
    for (const auto& value : values) texts[i++] = value.c_str();
    auto* result = PQexecPrepared(db, name, i, texts, nullptr, nullptr, 0);
    check(result, db);
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: postgresql_ceiling CONNECTION SECONDS\n");
        return 2;
    }
    { samtal::database migrated(samtal::postgresql_server{argv[1]}); }
    PGconn* db = PQconnectdb(argv[1]);
    if (PQstatus(db) != CONNECTION_OK) {
        std::fprintf(stderr, "postgresql_ceiling: %s", PQerrorMessage(db));
        return 1;
    }
    check(PQprepare(db, "booking",
                    "INSERT INTO bookings (code_hash, unit, site, advisor, start_at, end_at, "
                    "channel, interpreter_requested, interpreter, parent_role, status, "
                    "calendar_uid) VALUES (decode(md5(random()::text), 'hex'), 'u', 's', 'a', $1, "
                    "$2, 'phone', 0, 0, 'unspecified', 'booked', md5(random()::text)) RETURNING id",
                    0, nullptr),
          db);
    check(PQprepare(db, "claim",
                    "INSERT INTO advisor_claims (unit, advisor, block, booking_id) "
                    "VALUES ('u', 'a', $1, $2)",
                    0, nullptr),
          db);
    check(PQprepare(db, "contact",
                    "INSERT INTO sealed_contacts (booking_id, key_id, sealed, destroy_after) "
                    "VALUES ($1, 'k', decode(md5(random()::text) || md5(random()::text) || "
                    "md5(random()::text), 'hex'), $2)",
                    0, nullptr),
          db);
    check(PQprepare(db, "outbox",
                    "INSERT INTO outbox (booking_id, advisor, method, next_attempt_at) VALUES "
                    "($1, 'a', 'REQUEST', 0)",
                    0, nullptr),
          db);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(std::atoi(argv[2]));
    long transactions = 0;
    auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < until) {
        auto start = 2000000000L + 3600L * transactions;
        PQclear(PQexec(db, "BEGIN"));
        auto* booked = run(db, "booking", {std::to_string(start), std::to_string(start + 2700)});
        std::string id = PQgetvalue(booked, 0, 0);
        PQclear(booked);
        for (int block = 0; block < 12; ++block)
            PQclear(run(db, "claim", {std::to_string(start / 300 + block), id}));
        PQclear(run(db, "contact", {id, std::to_string(start + 2700)}));
        PQclear(run(db, "outbox", {id}));
        auto* committed = PQexec(db, "COMMIT");
        check(committed, db);
        PQclear(committed);
        ++transactions;
    }
    auto elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%.1f\n", double(transactions) / elapsed);
    PQfinish(db);
    return 0;
}
