// The delivery worker: takes due messages from the outbox after their booking change has
// committed, composes each invitation from the booking and its sealed contact data, hands it
// to the advisor's delivery adapter, and records the outcome. Transient failures are retried
// with exponential backoff and jitter; permanent ones (and too many attempts) make the message
// dead, which staff see as a delivery problem. Each pass first sets up the three-way calls due
// (conference_dialler), so that a slow delivery never makes a phone ring late. It runs on its
// own thread: libcurl's blocking calls never touch an I/O thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "service/config/config.hpp"
#include "service/core/advisor_roster.hpp"
#include "service/core/clock.hpp"
#include "service/core/interpreter_agency.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/core/meeting_platform.hpp"
#include "service/http/access_log.hpp"
#include "service/http/metrics.hpp"
#include "service/i18n/messages.hpp"
#include "service/outbox/conference_dialler.hpp"
#include "service/outbox/text_reminder_sender.hpp"
#include "service/privacy/sealed_box.hpp"
#include "service/store/outbox_store.hpp"

namespace samtal {

class outbox_worker {
public:
    // The outside systems the worker reaches, per unit (and advisor): the service wires in the
    // adapters' registries, tests wire in fakes.
    struct outside_systems {
        std::function<invitation_delivery&(const unit_config&, const advisor_config&)> delivery_for;
        // nullptr: the unit has no account to host meetings on this platform.
        std::function<meeting_host*(const unit_config&, const std::string& platform)>
            meeting_host_for;
        // nullptr: the unit orders no interpreters from an agency.
        std::function<interpreter_agency*(const unit_config&)> agency_for;
    };

    // `now` dates attempts and retries, `random` jitters the retries: tests set both.
    outbox_worker(const config& settings, const advisor_roster& roster, outbox_store& outbox,
                  interpreter_store& interpreters, const sealed_box& contact_box,
                  const message_catalog& messages, outside_systems outside,
                  conference_dialler& dialler, clock now, random_source random, metrics& stats,
                  access_log& log);
    ~outbox_worker();

    void start();
    // Finishes the delivery in hand, then returns.
    void stop();
    // The parents' text reminders go out with each pass too. Set before start().
    void set_text_reminders(text_reminder_sender* reminders) { reminders_ = reminders; }

    // Looks at the outbox now rather than at the next poll (after a booking change).
    void wake();
    // True while the worker thread runs and has finished a pass recently.
    bool alive() const;

    // One pass over the messages due now; returns how many were attempted.
    int deliver_due();

private:
    void run(std::stop_token stop);
    // One attempt at a message whose attempt is counted already.
    delivery_outcome deliver(const outbox_message& message);
    // For a meeting the unit hosts: creates, moves or (for a cancellation) deletes it at the
    // provider before the invitation goes out, and puts a new join link into `contact`.
    delivery_result prepare_meeting(const outbox_message& message, const unit_config& unit,
                                    const outbox_store::delivery_context& context,
                                    std::optional<std::string>& contact);
    // A request to the unit's interpreter agency, or its withdrawal.
    delivery_outcome deliver_to_agency(const outbox_message& message, const unit_config& unit,
                                       const outbox_store::delivery_context& context);
    delivery_outcome failed(const outbox_message& message, const delivery_result& result);
    void publish_counts();
    std::int64_t now_ms() const;

    const config& settings_;
    const advisor_roster& roster_;
    outbox_store& outbox_;
    interpreter_store& interpreters_;
    const sealed_box& box_;
    const message_catalog& messages_;
    outside_systems outside_;
    conference_dialler& dialler_;
    text_reminder_sender* reminders_ = nullptr;
    clock now_;
    random_source random_;
    metrics& stats_;
    access_log& log_;

    std::mutex mutex_;
    std::condition_variable_any wake_up_;
    bool woken_ = false;
    std::atomic<std::int64_t> last_pass_ms_{0};
    std::jthread thread_;
};

}  // namespace samtal
