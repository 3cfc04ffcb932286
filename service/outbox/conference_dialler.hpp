// Three-way phone calls at the start of a phone conversation that needs an interpreter: the
// provider calls the advisor (their configured phone) into a conference, and once the advisor
// has answered, the parent (the booking's sealed contact) and the interpreter. Each person
// called is remembered, and the provider is asked who is on the call before anyone is called
// again, so a retry calls only those still missing. Transient failures are retried
// with the outbox's backoff until the conversation's end; refusals, and a call still incomplete at
// the end, make the job dead, which staff see as a problem. The advisor's invitation always
// says how to conference the interpreter in by hand, for when the call does not come. Runs on
// the outbox worker's thread.
#pragma once

#include <functional>
#include <map>
#include <optional>

#include "service/config/config.hpp"
#include "service/core/advisor_roster.hpp"
#include "service/core/clock.hpp"
#include "service/core/telephony.hpp"
#include "service/http/access_log.hpp"
#include "service/http/metrics.hpp"
#include "service/privacy/sealed_box.hpp"
#include "service/store/dial_job_store.hpp"

namespace samtal {

class conference_dialler {
public:
    // The phone number of the interpreter confirmed for a booking, once there is one. It comes
    // from the interpreter requests; until they are wired in, there is none.
    using interpreter_phone_lookup =
        std::function<std::optional<std::string>(std::int64_t booking_id)>;

    conference_dialler(const config& settings, const advisor_roster& roster, dial_job_store& jobs,
                       const sealed_box& contact_box, random_source random, metrics& stats,
                       access_log& log);

    // Set before the worker starts.
    void set_interpreter_phones(interpreter_phone_lookup lookup) {
        interpreter_phone_ = std::move(lookup);
    }

    static constexpr int batch_size = 20;
    // How often to look whether the advisor has answered, and for how long after the start:
    // the advisor's phone rings for a minute, and a late call is still worth making.
    static constexpr std::chrono::seconds answer_check_interval{3};
    static constexpr std::chrono::minutes answer_wait{5};

    // One pass over at most batch_size jobs due at `now_ms` (Unix milliseconds); returns how
    // many were attempted.
    int dial_due(std::int64_t now_ms);

    void publish_counts();

private:
    // One attempt at a job whose attempt is counted already; returns it as it should be stored.
    dial_job attempt(dial_job job, std::int64_t now_ms);
    dial_job retry_or_give_up(dial_job job, std::string reason, std::int64_t now_ms,
                              std::int64_t end_ms);
    dial_job give_up(dial_job job, std::string reason);
    // Looks again shortly whether the advisor answered, or gives up when that is long overdue.
    dial_job wait_for_advisor(dial_job job, std::int64_t now_ms, std::int64_t start_ms);
    telephony_bridge* bridge_for(const unit_config& unit);

    const config& settings_;
    const advisor_roster& roster_;
    dial_job_store& jobs_;
    const sealed_box& box_;
    random_source random_;  // the retries' jitter
    metrics& stats_;
    access_log& log_;
    interpreter_phone_lookup interpreter_phone_ = [](std::int64_t) {
        return std::optional<std::string>();
    };
    std::map<std::string, telephony_bridge_ptr, std::less<>> bridges_;  // by unit id
};

}  // namespace samtal
