// The running service: configuration, store, booking core, outbox, message catalogues,
// metrics and the routes, wired together. Each handler group gets its own narrow services
// from here (service/api/handlers.hpp, service/web/site.hpp); nothing reaches through this.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "adapters/delivery/registry.hpp"
#include "adapters/interpreters/registry.hpp"
#include "adapters/meetings/registry.hpp"
#include "service/api/staff_auth.hpp"
#include "service/config/config.hpp"
#include "service/core/booking_service.hpp"
#include "service/edge/parent_calendar_file.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/access_log.hpp"
#include "service/http/answer_cache.hpp"
#include "service/http/blocking_work.hpp"
#include "service/http/metrics.hpp"
#include "service/http/problem.hpp"
#include "service/http/router.hpp"
#include "service/i18n/messages.hpp"
#include "service/interpreters/interpreter_service.hpp"
#include "service/outbox/outbox_worker.hpp"
#include "service/privacy/periodic_task.hpp"
#include "service/staff/staff_accounts.hpp"
#include "service/staff/staff_service.hpp"
#include "service/staff_pages/staff_pages.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/database.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/follow_up_store.hpp"
#include "service/store/outbox_store.hpp"
#include "service/store/periodic_runs.hpp"
#include "service/store/purge.hpp"
#include "service/store/statistics_store.hpp"
#include "service/store/store_changes.hpp"
#include "service/store/text_reminder_store.hpp"
#include "service/web/form_token.hpp"
#include "service/web/routes.hpp"

namespace samtal {

class application {
public:
    // Opens the store (applying migrations) and loads the keys; throws on failure.
    explicit application(config settings);
    ~application();

    // Serves HTTP until SIGTERM/SIGINT, then shuts down gracefully. Prints the bound address.
    void serve();

    const config& settings() const { return settings_; }
    const router& routes() const { return routes_; }
    access_log& log() { return log_; }
    metrics& stats() { return stats_; }
    // The problem answer for what no handler takes (404, 405, 413, ...), worded in the
    // request's language.
    response problem(problem_kind kind, const request& req) const { return problems_(kind, req); }

private:
    // Drops kept answers and reloads the roster when another instance changed the store.
    void watch_other_instances();

    config settings_;
    access_log log_;
    metrics stats_;
    message_catalog messages_;
    problem_wording problems_;
    staff_auth staff_;
    // Who works when in each unit, read from the store at start and after every staff change.
    advisor_roster roster_;
    std::unique_ptr<const form_token_signer> form_tokens_;
    // One box for the whole service, so that sealing and opening always know the same keys.
    std::unique_ptr<const sealed_box> contact_box_;
    std::unique_ptr<database> store_;
    std::unique_ptr<booking_store> booking_store_;
    std::unique_ptr<booking_service> bookings_;
    std::unique_ptr<advisor_store> advisor_store_;
    std::unique_ptr<staff_service> staff_service_;
    std::unique_ptr<staff_account_store> staff_account_store_;
    std::unique_ptr<staff_accounts> staff_accounts_;
    // Sign-in through the identity provider, when one is configured, and the sign-ins begun.
    std::unique_ptr<oidc_client> oidc_;
    pending_signins pending_signins_{system_clock()};
    std::unique_ptr<follow_up_store> follow_up_store_;
    std::unique_ptr<follow_up_service> follow_ups_;
    std::unique_ptr<statistics_store> statistics_store_;
    std::unique_ptr<outbox_store> outbox_store_;
    std::unique_ptr<interpreter_store> interpreter_store_;
    std::unique_ptr<dial_job_store> dial_job_store_;
    std::unique_ptr<text_reminder_store> text_reminder_store_;
    std::unique_ptr<text_reminder_sender> text_reminder_sender_;
    std::unique_ptr<conference_dialler> conference_dialler_;
    std::unique_ptr<delivery_registry> delivery_registry_;
    meeting_hosts meeting_hosts_;
    std::unique_ptr<interpreter_agencies> interpreter_agencies_;
    std::unique_ptr<interpreter_service> interpreters_;
    std::unique_ptr<const parent_calendar_files> calendars_;
    answer_cache availability_answers_;
    // The booking form as GET / shows it, per unit and language, kept the same way.
    answer_cache form_pages_;
    std::unique_ptr<outbox_worker> outbox_worker_;
    std::unique_ptr<purge> purge_;
    std::unique_ptr<periodic_runs> periodic_runs_;  // the purge's, once a minute across instances
    std::unique_ptr<periodic_task> purge_timer_;
    // Asks agencies about requests still open and expires those past their answer deadline.
    std::unique_ptr<periodic_task> interpreter_follow_up_;
    // On a PostgreSQL store that other instances share: what they changed, read a few times a
    // second, so that their bookings and schedule changes show here within a second.
    std::unique_ptr<store_change_watch> store_changes_;
    std::unique_ptr<periodic_task> store_change_timer_;
    bool store_changes_failing_ = false;
    // Database work never runs on an I/O thread; it runs here.
    boost::asio::thread_pool blocking_;
    run_blocking_fn run_blocking_;
    router routes_;
    unknown_path_page unknown_path_page_;
};

}  // namespace samtal
