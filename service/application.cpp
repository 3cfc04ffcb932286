#include "service/application.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <boost/asio/post.hpp>
#include <boost/url/parse_query.hpp>
#include <cstdio>

#include "adapters/delivery/spool/spool_delivery.hpp"
#include "service/api/handlers.hpp"
#include "service/calendar/parent_calendar.hpp"
#include "service/core/telephony.hpp"
#include "service/core/validation.hpp"
#include "service/http/server.hpp"
#include "service/http/server_certificate.hpp"
#include "service/outbox/invitation_text.hpp"
#include "service/web/web_handlers.hpp"

namespace samtal {
namespace {

// Where each failure of the booking core lands among the problem kinds.
problem_kind kind_of(failure_kind kind) {
    switch (kind) {
        case failure_kind::invalid_input:
            return problem_kind::validation_failed;
        case failure_kind::not_found:
            return problem_kind::booking_not_found;
        case failure_kind::slot_taken:
            return problem_kind::slot_taken;
        case failure_kind::unavailable:
            return problem_kind::unavailable;
    }
    return problem_kind::internal_error;
}

}  // namespace

application::application(config settings)
    : settings_(std::move(settings)),
      messages_(message_catalog::embedded()),
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
    store_ = std::make_unique<database>(settings_.data_dir / "samtal.db",
                                        settings_.server.store_threads);
    booking_store_ =
        std::make_unique<booking_store>(*store_, [this](const booking_record& booking) {
            const auto* unit = settings_.find_unit(booking.unit);
            return unit && bridges_call(*unit, booking);
        });
    outbox_store_ = std::make_unique<outbox_store>(*store_);
    interpreter_store_ = std::make_unique<interpreter_store>(*store_);
    dial_job_store_ = std::make_unique<dial_job_store>(*store_);
    conference_dialler_ = std::make_unique<conference_dialler>(
        settings_, *dial_job_store_, *contact_box_, system_random(), stats_, log_);
    delivery_registry_ =
        std::make_unique<delivery_registry>(settings_.data_dir, settings_.outgoing);
    interpreter_agencies_ =
        std::make_unique<interpreter_agencies>(*delivery_registry_, settings_.outgoing);
    outbox_worker_ = std::make_unique<outbox_worker>(
        settings_, *outbox_store_, *interpreter_store_, *contact_box_, messages_,
        outbox_worker::outside_systems{
            [this](const unit_config& unit, const advisor_config& advisor) -> invitation_delivery& {
                return delivery_registry_->delivery_for(unit, advisor);
            },
            [this](const unit_config& unit, const std::string& platform) {
                return meeting_hosts_.host_for(unit, platform);
            },
            [this](const unit_config& unit) { return interpreter_agencies_->agency_for(unit); }},
        *conference_dialler_, system_clock(), system_random(), stats_, log_);
    bookings_ = std::make_unique<booking_service>(settings_.units, *booking_store_, code_key,
                                                  *contact_box_, system_clock(), [this] {
                                                      availability_answers_.bookings_changed();
                                                      form_pages_.bookings_changed();
                                                      outbox_worker_->wake();
                                                  });
    interpreters_ = std::make_unique<interpreter_service>(
        settings_, *interpreter_store_, *contact_box_,
        [this](const unit_config& unit) { return interpreter_agencies_->agency_for(unit); },
        system_clock(), [this] { outbox_worker_->wake(); });
    conference_dialler_->set_interpreter_phones([this](std::int64_t booking_id) {
        return interpreters_->confirmed_interpreter_phone(booking_id);
    });
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
    // on time that has passed are dropped with it.
    purge_ = std::make_unique<purge>(*booking_store_, [this](sys_seconds now) {
        return purge_spools(settings_.data_dir, settings_.units, now);
    });
    purge_timer_ = std::make_unique<periodic_task>(std::chrono::minutes(1), [this] {
        try {
            purge_->run(date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
        } catch (const std::exception&) {
            log_.event("error",
                       "the purge of expired contact data failed; it runs again in a minute");
        }
    });
    add_operator_routes(*this, routes_);
    add_unit_routes(*this, routes_);
    add_booking_routes(*this, routes_);
    add_staff_routes(*this, routes_);
    add_interpreter_routes(*this, routes_);
    unknown_path_page_ = add_web_routes(*this, routes_);
}

application::~application() {
    // Work already handed to the pool, and the delivery in hand, finish before the store closes.
    blocking_.join();
    outbox_worker_->stop();
    purge_timer_->stop();
    interpreter_follow_up_->stop();
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
            return problem(kind, req);
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
    http_server.run();
    blocking_.join();
    outbox_worker_->stop();
    purge_timer_->stop();
    interpreter_follow_up_->stop();
    store_->checkpoint();
    log_.event("info", "stopped");
}

void application::run_blocking(const request& req, respond_fn respond,
                               std::function<reply(void)> work) {
    boost::asio::post(blocking_, [this, version = req.version(), keep_alive = req.keep_alive(),
                                  language = language_of(req), respond = std::move(respond),
                                  work = std::move(work)] {
        try {
            respond(work());
        } catch (const std::exception&) {
            // SQLite and other failures may quote values; log none of it.
            log_.event("error", "a store operation failed");
            request bare{http::verb::get, "/", version};
            bare.keep_alive(keep_alive);
            bare.set(http::field::accept_language, language);
            respond(problem(problem_kind::unavailable, bare));
        }
    });
}

std::optional<std::string> application::staff_role(const request& req) const {
    auto token = bearer_token(req);
    if (token.empty()) return std::nullopt;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
    // Every configured token is compared, whichever matches, so timing tells nothing.
    std::optional<std::string> role;
    for (const auto& known : settings_.staff_tokens)
        if (CRYPTO_memcmp(digest, known.sha256.data(), known.sha256.size()) == 0) role = known.role;
    return role;
}

std::string application::language_of(const request& req) const {
    return messages_.negotiate(query_parameter(req.target(), "lang"),
                               req[http::field::accept_language]);
}

response application::problem(problem_kind kind, const request& req,
                              const std::vector<field_error>& fields) const {
    auto language = language_of(req);
    std::vector<problem_field> worded;
    for (const auto& field : fields)
        worded.push_back(
            {field.field, field.code, messages_.field_error(language, field.field, field.code)});
    auto res = problem_response(
        kind, messages_.text(language, "problem." + std::string(type_name_of(kind))), worded,
        req.version(), req.keep_alive());
    res.set(http::field::content_language, language);
    return res;
}

response application::problem(const failure& error, const request& req) const {
    return problem(kind_of(error.kind), req, error.fields);
}

std::optional<std::string> application::bridged_call_from(const booking_record& booking) const {
    const auto* unit = settings_.find_unit(booking.unit);
    if (!unit || !bridges_call(*unit, booking)) return std::nullopt;
    return readable_phone(unit->telephony->from);
}

std::string application::parent_calendar(const booking_record& booking,
                                         std::string_view language) const {
    auto key = [&](std::string_view part) {
        return messages_.text(language, "calendar." + std::string(part) + "_" + booking.channel);
    };
    // A bridged call comes from the unit's number, not the advisor's: the parent is told which.
    auto from = bridged_call_from(booking);
    auto description = from ? fill(messages_.text(language, "calendar.description_phone_bridged"),
                                   {{"from", *from}})
                            : key("description");
    return samtal::parent_calendar(
        booking, {key("summary"), description},
        date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

std::string_view bearer_token(const request& req) {
    auto header = req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (!header.starts_with(scheme) || header.size() > 512) return {};
    return header.substr(scheme.size());
}

response application::parent_calendar_download(const request& req, const booking_record& booking,
                                               std::string_view language) const {
    response res{http::status::ok, req.version()};
    res.set(http::field::content_type, "text/calendar; charset=utf-8; method=PUBLISH");
    res.set(http::field::content_disposition, "attachment; filename=\"samtal.ics\"");
    res.keep_alive(req.keep_alive());
    res.body() = parent_calendar(booking, language);
    res.prepare_payload();
    return res;
}

std::string query_parameter(std::string_view target, std::string_view name) {
    auto question = target.find('?');
    if (question == std::string_view::npos) return {};
    // A copy of its own: Boost.URL 1.81's parse_query lets the last value run on past the end
    // of a view into a larger buffer (such as Beast's request target).
    std::string query(target.substr(question + 1));
    auto params = boost::urls::parse_query(query);
    if (!params) return {};
    // '+' stays a '+': the API's times carry offsets like "+01:00", and no parameter here is
    // free text where a '+' could have meant a space.
    for (const auto& param : *params)
        if (param.key.decode() == name) return param.value.decode();
    return {};
}

}  // namespace samtal
