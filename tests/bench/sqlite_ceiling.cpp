// The ceiling for booking creation (scripts/bench): the same durable write transaction a
// booking makes (the booking row, its twelve five-minute claims, its sealed contact, its outbox
// row) on the same schema and pragmas, through the same writer with the same prepared statements,
// and nothing else around it: no HTTP, no availability check, no code hashing, no sealing. It
// writes one booking at a time, so each is a transaction and an fsync of its own. Usage:
// sqlite_ceiling DATABASE_FILE SECONDS  — prints transactions per second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "service/store/database.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: sqlite_ceiling DATABASE_FILE SECONDS\n");
        return 2;
    }
    samtal::database db(argv[1]);
    auto seconds = std::chrono::seconds(std::atoi(argv[2]));
    auto until = std::chrono::steady_clock::now() + seconds;
    long transactions = 0;
    auto started = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < until) {
        db.write([&](samtal::database::connection& connection) {
            static thread_local long next = 0;
            auto start = 2000000000L + 3600L * next++;
            auto booking = connection.prepared(
                "INSERT INTO bookings (code_hash, unit, site, advisor, start_at, end_at, channel, "
                "interpreter_requested, interpreter, parent_role, status, calendar_uid) VALUES "
                "(randomblob(32), 'u', 's', 'a', ?, ?, 'phone', 0, 0, 'unspecified', 'booked', "
                "lower(hex(randomblob(16)))) RETURNING id");
            booking->bind(1, std::int64_t(start));
            booking->bind(2, std::int64_t(start + 2700));
            auto id = *booking->exec_returning_id();
            auto claim = connection.prepared(
                "INSERT INTO advisor_claims (unit, advisor, block, booking_id) "
                "VALUES ('u', 'a', ?, ?)");
            for (int block = 0; block < 12; ++block) {
                claim->bind(1, std::int64_t(start / 300 + block));
                claim->bind(2, id);
                claim->exec();
                claim->reset();
            }
            auto contact = connection.prepared(
                "INSERT INTO sealed_contacts (booking_id, key_id, sealed, destroy_after) VALUES "
                "(?, 'k', randomblob(48), ?)");
            contact->bind(1, id);
            contact->bind(2, std::int64_t(start + 2700));
            contact->exec();
            auto outbox = connection.prepared(
                "INSERT INTO outbox (booking_id, advisor, method, next_attempt_at) VALUES (?, 'a', "
                "'REQUEST', 0)");
            outbox->bind(1, id);
            outbox->exec();
        });
        ++transactions;
    }
    auto elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%.1f\n", double(transactions) / elapsed);
    return 0;
}
