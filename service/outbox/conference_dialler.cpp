#include "service/outbox/conference_dialler.hpp"

#include <algorithm>

#include "adapters/telephony/registry.hpp"
#include "service/core/validation.hpp"
#include "service/outbox/claimed_work.hpp"
#include "service/outbox/retry_backoff.hpp"
#include "service/store/booking_store.hpp"

namespace samtal {
namespace {

// The call may run this much past the booked end before the provider cuts it.
constexpr std::chrono::minutes k_overtime{30};

std::int64_t unix_ms(sys_minutes t) { return unix_seconds(t) * 1000; }

}  // namespace

conference_dialler::conference_dialler(const config& settings, const advisor_roster& roster,
                                       dial_job_store& jobs, const sealed_box& contact_box,
                                       random_source random, metrics& stats, access_log& log)
    : settings_(settings),
      roster_(roster),
      jobs_(jobs),
      box_(contact_box),
      random_(std::move(random)),
      stats_(stats),
      log_(log) {}

int conference_dialler::dial_due(std::int64_t now_ms) {
    return work_through_due(jobs_, now_ms, batch_size, settings_.outbox.lease,
                            [&](dial_job job) { return attempt(std::move(job), now_ms); });
}

dial_job conference_dialler::attempt(dial_job job, std::int64_t now_ms) {
    auto context = jobs_.context(job.booking_id);
    const auto* unit = context ? settings_.find_unit(context->booking.unit) : nullptr;
    auto advisors = roster_.of(unit ? unit->id : "");
    const auto* advisor = find_advisor(*advisors, context->booking.advisor);
    if (!advisor || !bridges_call(*unit, advisor, context->booking))
        return give_up(job, "booking, advisor's phone or telephony no longer configured");
    const auto& booking = context->booking;
    auto end_ms = unix_ms(booking.end);
    if (now_ms >= end_ms) return give_up(job, "the conversation is over");
    auto* bridge = bridge_for(*unit);
    if (!bridge) return give_up(job, "no telephony provider");

    std::optional<std::string> parent;
    if (context->contact)
        parent =
            box_.open(context->contact->key_id, context->contact->sealed, booking.calendar_uid);
    if (!parent) return give_up(job, "the parent's number is gone");
    std::optional<std::string> interpreter;
    try {
        interpreter = interpreter_phone_(booking.id);
    } catch (const std::exception&) {
        // As good as no number yet: the next attempt asks again.
    }
    if (interpreter) interpreter = check_phone(*interpreter).e164;

    struct party {
        const char* role;
        std::optional<std::string> number;
        bool leads;
    };
    const party parties[] = {{"advisor", advisor->phone, true},
                             {"parent", parent, false},
                             {"interpreter", interpreter, false}};
    auto time_limit =
        std::chrono::duration_cast<std::chrono::seconds>(booking.end - booking.start + k_overtime);
    std::string missing;
    std::optional<conference_state> conference;
    for (const auto& person : parties) {
        if (job.has_dialled(person.role)) continue;
        if (!person.number) {
            missing = std::string("no ") + person.role + " number yet";
            continue;
        }
        outside_call_result result{delivery_status::delivered, ""};
        try {
            // Before calling anyone but the advisor, and before calling the advisor again:
            // whether the advisor answered, and whether an earlier call went through although
            // its answer was lost.
            if (!conference && (!person.leads || job.attempts > 1)) {
                conference.emplace();
                result = bridge->look_up(job.conference, *conference);
            }
            bool called_already =
                conference && std::find(conference->called.begin(), conference->called.end(),
                                        person.role) != conference->called.end();
            if (result.status == delivery_status::delivered && !called_already) {
                if (!person.leads && !conference->started)
                    return wait_for_advisor(job, now_ms, unix_ms(booking.start));
                result = bridge->dial(
                    {job.conference, person.role, *person.number, person.leads, time_limit});
                if (result.status == delivery_status::delivered) stats_.count("conference_dials");
            }
        } catch (const std::exception&) {
            result = {delivery_status::retry_later, "telephony adapter failed"};
        }
        auto reason = std::string(person.role) + ": " + result.reason;
        if (result.status == delivery_status::failed_permanently) return give_up(job, reason);
        if (result.status == delivery_status::retry_later)
            return retry_or_give_up(job, reason, now_ms, end_ms);
        job.dialled += (job.dialled.empty() ? "" : " ") + std::string(person.role);
        // The advisor's phone rings now: look again shortly whether they answered.
        if (person.leads) return wait_for_advisor(job, now_ms, unix_ms(booking.start));
    }
    if (!missing.empty()) return retry_or_give_up(job, missing, now_ms, end_ms);
    job.status = "dialled";
    job.last_error.clear();
    return job;
}

dial_job conference_dialler::wait_for_advisor(dial_job job, std::int64_t now_ms,
                                              std::int64_t start_ms) {
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(answer_wait).count();
    if (now_ms >= start_ms + wait_ms)
        return give_up(std::move(job), job.has_dialled("parent") ? "the advisor left the call"
                                                                 : "the advisor did not answer");
    job.due_at_ms =
        now_ms +
        std::chrono::duration_cast<std::chrono::milliseconds>(answer_check_interval).count();
    job.last_error.clear();
    return job;
}

dial_job conference_dialler::retry_or_give_up(dial_job job, std::string reason, std::int64_t now_ms,
                                              std::int64_t end_ms) {
    auto next = now_ms + retry_backoff(settings_.outbox, job.attempts, random_).count();
    if (job.attempts >= settings_.outbox.max_attempts || next >= end_ms)
        return give_up(std::move(job), std::move(reason));
    stats_.count("conference_dial_retries");
    job.due_at_ms = next;
    job.last_error = std::move(reason);
    return job;
}

dial_job conference_dialler::give_up(dial_job job, std::string reason) {
    stats_.count("conference_calls_dead");
    log_.event("warning", "a three-way call could not be set up: " + reason);
    job.status = "dead";
    job.last_error = std::move(reason);
    return job;
}

telephony_bridge* conference_dialler::bridge_for(const unit_config& unit) {
    auto& bridge = bridges_[unit.id];
    if (!bridge) bridge = make_telephony_bridge(*unit.telephony, settings_.outgoing);
    return bridge.get();
}

void conference_dialler::publish_counts() {
    for (const auto& [status, count] : jobs_.counts())
        stats_.set_gauge("samtal_dial_jobs", status, count);
}

}  // namespace samtal
