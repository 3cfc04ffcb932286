#include "service/app/application.hpp"

#include <boost/asio/post.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "adapters/delivery/spool/spool_delivery.hpp"
#include "adapters/meetings/registry.hpp"
#include "service/api/handlers.hpp"
#include "service/app/configured_store.hpp"
#include "service/core/telephony.hpp"
#include "service/core/text_reminder.hpp"
#include "service/edge/request_language.hpp"
#include "service/http/server.hpp"
#include "service/http/server_certificate.hpp"
#include "service/store/row_leases.hpp"
#include "service/store/store_changes.hpp"

namespace samtal {
namespace {

// This instance's id among those sharing a store, kept in its data folder so that it is the
// same after a restart: 16 random hex digits, made on the first start.
std::string instance_id(const std::filesystem::path& data_dir) {
    auto file = data_dir / "instance-id";
    std::string id;
    std::ifstream(file) >> id;
    if (id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos) return id;
    id = random_hex(8);
    std::filesystem::create_directories(data_dir);
    std::ofstream(file) << id << "\n";
    return id;
}

}  // namespace

application::application(config settings)
    : settings_(std::move(settings)),
      messages_(message_catalog::embedded()),
      problems_(messages_),
      staff_(settings_.staff_tokens),
      meeting_hosts_(settings_.outgoing),
      blocking_(std::size_t(settings_.server.store_threads)) {
    auto key_path = [&](const std::filesystem::path& file) { return settings_.data_dir / file; };
    auto code_key = load_secret_key("SAMTAL_CODE_KEY", key_path(settings_.secrets.code_key_file),
                                    settings_.secrets.create_missing_keys);
    auto seal_key = load_secret_key("SAMTAL_SEAL_KEY", key_path(settings_.secrets.seal_key_file),
                                    settings_.secrets.create_missing_keys);
    std::vector<std::filesystem::path> previous_seal_key_files;
    for (const auto& file : settings_.secrets.previous_seal_key_files)
        previous_seal_key_files.push_back(key_path(file));
    contact_box_ = std::make_unique<const sealed_box>(
        seal_key, load_previous_keys("SAMTAL_PREVIOUS_SEAL_KEYS", previous_seal_key_files));
    form_tokens_ = std::make_unique<const form_token_signer>(code_key);
    store_ =
        std::make_unique<database>(configured_store(settings_), settings_.server.store_threads);
    booking_store_ = std::make_unique<booking_store>(
        *store_,
        [this](const booking_record& booking) {
            const auto* unit = settings_.find_unit(booking.unit);
            if (!unit) return false;
            auto advisors = roster_.of(unit->id);
            return bridges_call(*unit, find_advisor(*advisors, booking.advisor), booking);
        },
        [this](const booking_record& booking) {
            return plan_text_reminder(settings_.find_unit(booking.unit), booking,
                                      now_in_seconds(system_clock()));
        });
    store_->set_instance(instance_id(settings_.data_dir));
    end_leases_of_this_instance_before(*store_);
    outbox_store_ = std::make_unique<outbox_store>(*store_);
    interpreter_store_ = std::make_unique<interpreter_store>(*store_);
    dial_job_store_ = std::make_unique<dial_job_store>(*store_);
    conference_dialler_ = std::make_unique<conference_dialler>(
        settings_, roster_, *dial_job_store_, *contact_box_, system_random(), stats_, log_);
    text_reminder_store_ = std::make_unique<text_reminder_store>(*store_);
    text_reminder_sender_ = std::make_unique<text_reminder_sender>(
        settings_, messages_, *text_reminder_store_, *contact_box_, system_random(), stats_, log_);
    delivery_registry_ =
        std::make_unique<delivery_registry>(settings_.data_dir, settings_.outgoing);
    interpreter_agencies_ =
        std::make_unique<interpreter_agencies>(*delivery_registry_, settings_.outgoing);
    outbox_worker_ = std::make_unique<outbox_worker>(
        settings_, roster_, *outbox_store_, *interpreter_store_, *contact_box_, messages_,
        outbox_worker::outside_systems{
            [this](const unit_config& unit, const advisor_config& advisor) -> invitation_delivery& {
                return delivery_registry_->delivery_for(unit, advisor);
            },
            [this](const unit_config& unit, const std::string& platform) {
                return meeting_hosts_.host_for(unit, platform);
            },
            [this](const unit_config& unit) { return interpreter_agencies_->agency_for(unit); }},
        *conference_dialler_, system_clock(), system_random(), stats_, log_);
    outbox_worker_->set_text_reminders(text_reminder_sender_.get());
    bookings_ = std::make_unique<booking_service>(settings_.units, roster_, *booking_store_,
                                                  code_key, *contact_box_, find_meeting_platform,
                                                  system_clock(), [this] {
                                                      availability_answers_.bookings_changed();
                                                      form_pages_.bookings_changed();
                                                      outbox_worker_->wake();
                                                  });
    follow_up_store_ = std::make_unique<follow_up_store>(*store_);
    follow_ups_ = std::make_unique<follow_up_service>(settings_.units, *bookings_,
                                                      *follow_up_store_, code_key);
    statistics_store_ = std::make_unique<statistics_store>(*store_);
    // A change to who works when shows in the availability and the form at once.
    roster_.on_change([this] {
        availability_answers_.bookings_changed();
        form_pages_.bookings_changed();
    });
    advisor_store_ = std::make_unique<advisor_store>(*store_);
    staff_service_ = std::make_unique<staff_service>(settings_.units, *advisor_store_, roster_,
                                                     *bookings_, system_clock());
    staff_service_->load();
    staff_account_store_ = std::make_unique<staff_account_store>(*store_);
    staff_accounts_ =
        std::make_unique<staff_accounts>(settings_.units, *staff_account_store_, system_clock());
    // The configuration's accounts (the demo's coordinator): checked when the file was read.
    for (const auto& account : settings_.staff_accounts) {
        auto provided = staff_accounts_->provide(account.identity, account.password_hash);
        if (provided) continue;
        std::string reasons;
        for (const auto& field : provided.error().fields)
            reasons += " " + field.field + ": " + field.code;
        throw std::runtime_error("[[staff_accounts]] " + account.identity.name +
                                 " cannot be added:" + reasons);
    }
    interpreters_ = std::make_unique<interpreter_service>(
        settings_, *interpreter_store_, *contact_box_,
        [this](const unit_config& unit) { return interpreter_agencies_->agency_for(unit); },
        system_clock(), [this] { outbox_worker_->wake(); });
    conference_dialler_->set_interpreter_phones([this](std::int64_t booking_id) {
        return interpreters_->confirmed_interpreter_phone(booking_id);
    });
    if (store_->engine() == store_engine::postgresql) watch_other_instances();
    interpreter_follow_up_ = std::make_unique<periodic_task>(std::chrono::seconds(1), [this] {
        try {
            interpreters_->follow_up(
                [this](const unit_config& unit, const interpreter_request& request) {
                    auto* agency = interpreter_agencies_->agency_for(unit);
                    return agency ? agency->status({request, unit.name, "", "", {}}) : std::nullopt;
                });
        } catch (const std::exception&) {
            log_.event("error", "following up interpreter requests failed; it runs again soon");
        }
    });
    // Contact data outlives its conversation by the grace period and not by much more; claims
    // on time that has passed are dropped with it, and rows past the retention are rolled up.
    purge_ = std::make_unique<purge>(
        *booking_store_,
        [this](sys_seconds now) { return purge_spools(settings_.data_dir, settings_.units, now); },
        booking_retention{*statistics_store_, settings_.units, settings_.keep_booking_rows_days});
    // Every instance's timer fires each minute; the first to start the minute's run does it.
    // An instance's first run, at its start, runs in any case: what fell due while it was
    // stopped goes at once.
    periodic_runs_ = std::make_unique<periodic_runs>(*store_);
    purge_timer_ =
        std::make_unique<periodic_task>(std::chrono::minutes(1), [this, at_start = true]() mutable {
            try {
                auto now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
                bool ours = periodic_runs_->start("purge",
                                                  now.time_since_epoch() / std::chrono::minutes(1));
                bool first = std::exchange(at_start, false);
                if (!ours && !first) return;
                purge_->run(now);
                staff_accounts_->forget_stale();
            } catch (const std::exception&) {
                log_.event("error",
                           "the purge of expired contact data failed; it runs again in a minute");
            }
        });
    calendars_ = std::make_unique<const parent_calendar_files>(settings_.units, roster_, messages_,
                                                               system_clock());
    run_blocking_ = [this](const request& req, respond_fn respond, std::function<reply()> work) {
        boost::asio::post(blocking_, [this, version = req.version(), keep_alive = req.keep_alive(),
                                      language = request_language(messages_, req),
                                      respond = std::move(respond), work = std::move(work)] {
            try {
                respond(work());
            } catch (const std::exception&) {
                // SQLite and other failures may quote values; log none of it.
                log_.event("error", "a store operation failed");
                request bare{http::verb::get, "/", version};
                bare.keep_alive(keep_alive);
                bare.set(http::field::accept_language, language);
                respond(problems_(problem_kind::unavailable, bare));
            }
        });
    };
    add_operator_routes(
        {[this] { return store_->writable(); }, [this] { return outbox_worker_->alive(); },
         [this] {
             auto ids = booking_store_->contact_key_ids();
             std::erase_if(ids,
                           [this](const std::string& id) { return contact_box_->has_key(id); });
             return ids;
         },
         stats_, run_blocking_},
        routes_);
    add_unit_routes(
        {settings_.units, *bookings_, messages_, availability_answers_, problems_, run_blocking_},
        routes_);
    add_booking_routes(
        {settings_.units, *bookings_, messages_, *calendars_, problems_, stats_, run_blocking_},
        routes_);
    add_staff_routes({staff_, *outbox_store_, *dial_job_store_, problems_, run_blocking_}, routes_);
    schedule_services schedules{settings_.units, *staff_service_, staff_,
                                problems_,       stats_,          run_blocking_};
    add_schedule_routes(schedules, routes_);
    add_conversation_routes(schedules, routes_);
    stats_.set_gauge("samtal_conversations", "needs_decision", staff_service_->needing_decision());
    add_feedback_routes({*follow_ups_, problems_, stats_, run_blocking_}, routes_);
    add_statistics_routes({settings_.units, *statistics_store_, staff_, problems_, run_blocking_},
                          routes_);
    add_interpreter_routes(
        {settings_.units, *interpreters_, staff_, problems_, stats_, run_blocking_}, routes_);
    page_services pages{settings_.units, roster_,       *bookings_,   *follow_ups_,
                        messages_,       *form_tokens_, *calendars_,  form_pages_,
                        stats_,          log_,          run_blocking_};
    if (settings_.signin.oidc)
        oidc_ = std::make_unique<oidc_client>(*settings_.signin.oidc, settings_.outgoing,
                                              system_clock());
    add_staff_pages(pages,
                    {*staff_accounts_, *staff_service_, oidc_.get(), pending_signins_,
                     *interpreters_, *outbox_store_, *dial_job_store_, *statistics_store_},
                    routes_);
    unknown_path_page_ = add_web_routes(pages, routes_);
}

application::~application() {
    // Work already handed to the pool, and the delivery in hand, finish before the store closes.
    blocking_.join();
    outbox_worker_->stop();
    purge_timer_->stop();
    interpreter_follow_up_->stop();
    if (store_change_timer_) store_change_timer_->stop();
}

void application::watch_other_instances() {
    store_changes_ = std::make_unique<store_change_watch>(*store_);
    store_changes_->changed();  // where this instance starts from: it has just read everything
    store_change_timer_ = std::make_unique<periodic_task>(std::chrono::milliseconds(250), [this] {
        try {
            for (const auto& topic : store_changes_->changed()) {
                // The roster's reload shows in the answers through its own on_change.
                if (topic == "roster") staff_service_->load();
                availability_answers_.bookings_changed();
                form_pages_.bookings_changed();
                outbox_worker_->wake();
            }
            store_changes_failing_ = false;
        } catch (const std::exception&) {
            if (!store_changes_failing_)
                log_.event("error", "cannot read what other instances changed; trying again");
            store_changes_failing_ = true;
        }
    });
}

void application::serve() {
    std::shared_ptr<server_certificate> certificate;
    if (settings_.server.serves_tls())
        certificate =
            std::make_shared<server_certificate>(settings_.server, settings_.source.string());
    server http_server(
        settings_.server, settings_.abuse_limits, routes_,
        [this](problem_kind kind, const request& req) {
            if (kind == problem_kind::not_found)
                if (auto page = unknown_path_page_(req)) return std::move(*page);
            return problems_(kind, req);
        },
        log_, stats_, certificate);
    auto endpoint = http_server.bind();
    // Test harnesses and operators read the bound port from this line.
    std::printf("samtal listening on %s://%s:%u\n", certificate ? "https" : "http",
                endpoint.address().to_string().c_str(), endpoint.port());
    std::fflush(stdout);
    log_.event("info", "samtal " SAMTAL_VERSION " serving");
    outbox_worker_->start();
    purge_timer_->start();
    interpreter_follow_up_->start();
    if (store_change_timer_) store_change_timer_->start();
    http_server.run();
    blocking_.join();
    outbox_worker_->stop();
    purge_timer_->stop();
    interpreter_follow_up_->stop();
    store_->checkpoint();
    log_.event("info", "stopped");
}

}  // namespace samtal
