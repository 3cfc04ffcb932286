// The running service: configuration, store, booking core, message catalogues, metrics and
// the routes, wired together. Handlers reach what they need through it.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "adapters/delivery/registry.hpp"
#include "adapters/interpreters/registry.hpp"
#include "adapters/meetings/registry.hpp"
#include "service/api/answer_cache.hpp"
#include "service/config/config.hpp"
#include "service/core/booking_service.hpp"
#include "service/http/access_log.hpp"
#include "service/http/metrics.hpp"
#include "service/http/problem.hpp"
#include "service/http/router.hpp"
#include "service/interpreters/interpreter_service.hpp"
#include "service/outbox/outbox_worker.hpp"
#include "service/privacy/periodic_task.hpp"
#include "service/store/purge.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/database.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/outbox_store.hpp"
#include "service/web/form_token.hpp"
#include "service/web/messages.hpp"

namespace samtal {

// The page a browser gets for a path no route has; nullopt when the client does not ask for
// HTML.
using unknown_path_page = std::function<std::optional<response>(const request&)>;

class application {
public:
    // Opens the store (applying migrations) and loads the keys; throws on failure.
    explicit application(config settings);
    ~application();

    // Serves HTTP until SIGTERM/SIGINT, then shuts down gracefully. Prints the bound address.
    void serve();

    const config& settings() const { return settings_; }
    booking_service& bookings() { return *bookings_; }
    database& store() { return *store_; }
    outbox_store& outbox() { return *outbox_store_; }
    outbox_worker& deliveries() { return *outbox_worker_; }
    interpreter_service& interpreters() { return *interpreters_; }
    dial_job_store& dial_jobs() { return *dial_job_store_; }
    // Three-way calls; the interpreter requests give it the interpreters' numbers.
    conference_dialler& conference_calls() { return *conference_dialler_; }
    const message_catalog& messages() const { return messages_; }
    // Signs and checks the hidden token in every web form (CSRF protection without cookies).
    const form_token_signer& form_tokens() const { return *form_tokens_; }
    metrics& stats() { return stats_; }
    access_log& log() { return log_; }
    const router& routes() const { return routes_; }
    answer_cache& availability_answers() { return availability_answers_; }
    // The booking form as GET / shows it, per unit and language, kept the same way.
    answer_cache& form_pages() { return form_pages_; }

    // Runs `work` on the blocking pool (database work never runs on an I/O thread) and answers
    // with its response; a failure of the store answers 503 without detail.
    void run_blocking(const request& req, respond_fn respond, std::function<reply(void)> work);

    // The language a request asks for: ?lang=, then Accept-Language, then the default.
    std::string language_of(const request& req) const;

    // The number the service calls the parent from when it bridges the booking's call
    // (core/telephony.hpp: bridges_call), as the parent reads it ("08-505 500 00"); nullopt
    // when the advisor calls the parent.
    std::optional<std::string> bridged_call_from(const booking_record& booking) const;

    // The parent's own calendar file for a booking, worded in `language`.
    std::string parent_calendar(const booking_record& booking, std::string_view language) const;
    // The same file as a download, for the API and the web pages alike.
    response parent_calendar_download(const request& req, const booking_record& booking,
                                      std::string_view language) const;

    // The role of the staff token in "Authorization: Bearer <token>", compared in constant
    // time against the configured hashes; nullopt when there is none or it is unknown.
    std::optional<std::string> staff_role(const request& req) const;

    // A problem response worded in the request's language.
    response problem(problem_kind kind, const request& req,
                     const std::vector<field_error>& fields = {}) const;
    // The problem response for a failure of the booking core.
    response problem(const failure& error, const request& req) const;

private:
    config settings_;
    access_log log_;
    metrics stats_;
    message_catalog messages_;
    std::unique_ptr<const form_token_signer> form_tokens_;
    // One box for the whole service, so that sealing and opening always know the same keys.
    std::unique_ptr<const sealed_box> contact_box_;
    std::unique_ptr<database> store_;
    std::unique_ptr<booking_store> booking_store_;
    std::unique_ptr<booking_service> bookings_;
    std::unique_ptr<outbox_store> outbox_store_;
    std::unique_ptr<interpreter_store> interpreter_store_;
    std::unique_ptr<dial_job_store> dial_job_store_;
    std::unique_ptr<conference_dialler> conference_dialler_;
    std::unique_ptr<delivery_registry> delivery_registry_;
    meeting_hosts meeting_hosts_;
    std::unique_ptr<interpreter_agencies> interpreter_agencies_;
    std::unique_ptr<interpreter_service> interpreters_;
    answer_cache availability_answers_;
    answer_cache form_pages_;
    std::unique_ptr<outbox_worker> outbox_worker_;
    std::unique_ptr<purge> purge_;
    std::unique_ptr<periodic_task> purge_timer_;
    // Asks agencies about requests still open and expires those past their answer deadline.
    std::unique_ptr<periodic_task> interpreter_follow_up_;
    boost::asio::thread_pool blocking_;
    router routes_;
    unknown_path_page unknown_path_page_;
};

// The token in "Authorization: Bearer <token>" (a booking code or a staff token); empty when
// there is none, another scheme, or a header longer than any token samtal knows (512).
std::string_view bearer_token(const request& req);

// The value of a query parameter in a request target ("" when absent), percent-decoded.
std::string query_parameter(std::string_view target, std::string_view name);

}  // namespace samtal
