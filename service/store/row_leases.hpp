// Due rows that several instances on one store take turns on (issue 19): the outbox's
// messages, the dial jobs and the text reminders. An instance claims a batch of due rows with
// a lease (a random token and an expiry) in one short transaction, works on them without
// holding any transaction, and records each result under its lease. A row whose lease has not
// run out is not claimed again, so one instance at a time works on it; a lease that runs out
// (its instance was killed mid-delivery) lets another instance claim the row again, and the
// late original's result is then not recorded over the newer one's.
//
// A row that starts over (its booking moved) ends any lease on it (lease_holder = '',
// lease_until = 0), so that a result of the old plan still in hand is not recorded.
//
// On PostgreSQL the claim selects with FOR UPDATE SKIP LOCKED in a transaction of its own that
// does not wait for the store's write lock (database::claim), so instances claim side by side,
// never the same row; on SQLite the single writer makes the same statement exclusive.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "service/store/database.hpp"

namespace samtal {

// The table a kind of due row lives in, and what makes a row due. The SQL pieces are the
// store's fixed texts; `due` reads the claim's moment (Unix milliseconds) as ?1.
struct leased_table {
    std::string_view name;        // "outbox"
    std::string_view key;         // its primary key column, an integer
    std::string_view columns;     // what a claim returns of each row
    std::string_view due;         // the condition on a row due at ?1, lease aside
    std::string_view order;       // which due rows are claimed first
    std::string_view on_claim;    // further changes the claim makes (counting the attempt), or ""
    std::string_view undo_claim;  // what undoes them, for a row given back unattempted
};

class row_leases {
public:
    row_leases(database& db, const leased_table& table);

    // Claims at most `limit` rows due at `now_ms` that nobody holds a live lease on, leased
    // until now_ms + `lease`, and calls `read` with each claimed row as it is after the claim
    // (its `columns`, in no particular order). Returns the lease's token, under which the
    // rows' results are recorded.
    std::string claim(std::int64_t now_ms, int limit, std::chrono::milliseconds lease,
                      const std::function<void(statement&)>& read);

    // Inside the caller's write transaction, before it records a row's result: ends the lease
    // `holder` has on the row `key`. False when the lease is no longer the holder's (it ran
    // out and another instance claimed the row, or the row started over): the caller then
    // records nothing.
    bool release(database::connection& db, std::int64_t key, const std::string& holder) const;

    // Ends the lease `holder` has on the row `key` and undoes the claim's changes, in a write
    // of its own: the row is due again at once, for any instance, as if never claimed (one the
    // holder had no time left for).
    void give_back(std::int64_t key, const std::string& holder);

private:
    database& db_;
    std::string claim_sql_;
    std::string release_sql_;
    std::string give_back_sql_;
};

// At start: ends the leases this instance (database::instance) took before it was killed, so
// that their rows are due again at once rather than when the leases run out; on the embedded
// store, which one process at a time works on, every lease. Another instance's leases on a
// shared store are left to run out.
void end_leases_of_this_instance_before(database& db);

}  // namespace samtal
