// The dial_jobs table: three-way calls to set up at a conversation's start, their attempts
// and their fate. A job holds no number; the dialler looks them up when it calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/store/database.hpp"
#include "service/store/row_leases.hpp"

namespace samtal {

struct dial_job {
    std::int64_t booking_id = 0;
    std::string conference;  // random: the conference's name at the provider
    std::int64_t due_at_ms = 0;
    std::string status;  // "pending", "dialled" or "dead"
    int attempts = 0;
    std::string dialled;     // the roles called so far, space-separated
    std::string last_error;  // a short class of failure, never a number
    std::string lease;       // the lease it was claimed under (store/row_leases.hpp)

    bool has_dialled(std::string_view role) const;
};

// Inside the caller's write transaction, after a booking change: the booking's call is
// dialled at its start (a moved one's job moves and starts over), or, with `dial` false, it
// has no job.
void plan_dial_job(database::connection& db, const booking_record& booking, bool dial);

class dial_job_store {
public:
    explicit dial_job_store(database& db);

    // Pending jobs due at `now_ms`, earliest first, whether leased or not.
    std::vector<dial_job> due(std::int64_t now_ms, int limit);

    // Claims at most `limit` pending jobs due at `now_ms` that no instance holds, for `lease`,
    // and counts an attempt for each, so that a crash mid-call is not a silent second call;
    // earliest first, as they now are.
    std::vector<dial_job> claim_due(std::int64_t now_ms, int limit,
                                    std::chrono::milliseconds lease);

    // The booking and its sealed contact data, as the dialler needs them.
    struct dial_context {
        booking_record booking;
        std::optional<sealed_contact> contact;
    };
    std::optional<dial_context> context(std::int64_t booking_id);

    // Ends the lease the job was claimed under without an attempt: due again at once.
    void give_back(const dial_job& job);

    // Stores what the attempt came to (status, dialled, due_at_ms, last_error), unless the
    // booking moved meanwhile and the job started over, or the job's lease ran out and another
    // instance took it over.
    void record(const dial_job& job);

    // Jobs that did not get through: dead ones, and pending ones being retried after a failure
    // (not those waiting for the advisor to answer), latest first.
    std::vector<dial_job> problems(int limit);

    // Number of jobs by status.
    std::map<std::string, std::int64_t> counts();

private:
    database& db_;
    row_leases leases_;
};

}  // namespace samtal
