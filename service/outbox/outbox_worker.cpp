#include "service/outbox/outbox_worker.hpp"

#include "service/core/booking_service.hpp"
#include "service/core/validation.hpp"
#include "service/outbox/claimed_work.hpp"
#include "service/outbox/invitation_text.hpp"
#include "service/outbox/retry_backoff.hpp"

namespace samtal {
namespace {

constexpr int k_batch = 20;

}  // namespace

outbox_worker::outbox_worker(const config& settings, const advisor_roster& roster,
                             outbox_store& outbox, interpreter_store& interpreters,
                             const sealed_box& contact_box, const message_catalog& messages,
                             outside_systems outside, conference_dialler& dialler, clock now,
                             random_source random, metrics& stats, access_log& log)
    : settings_(settings),
      roster_(roster),
      outbox_(outbox),
      interpreters_(interpreters),
      box_(contact_box),
      messages_(messages),
      outside_(std::move(outside)),
      dialler_(dialler),
      now_(std::move(now)),
      random_(std::move(random)),
      stats_(stats),
      log_(log) {}

outbox_worker::~outbox_worker() { stop(); }

std::int64_t outbox_worker::now_ms() const { return now_().time_since_epoch().count(); }

void outbox_worker::start() {
    // Alive from the start: readiness must not wait for a first pass that a busy machine delays.
    last_pass_ms_ = now_ms();
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void outbox_worker::stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    wake_up_.notify_all();
    thread_.join();
}

void outbox_worker::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_up_.notify_all();
}

bool outbox_worker::alive() const {
    // A pass may take as long as a few delivery timeouts; three polls plus that is "stuck".
    auto limit = 3 * settings_.outbox.poll_interval.count() + 60000;
    return thread_.joinable() && now_ms() - last_pass_ms_.load() < limit;
}

void outbox_worker::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        try {
            // A full batch means more may be waiting: go again at once.
            while (dialler_.dial_due(now_ms()) == conference_dialler::batch_size &&
                   !stop.stop_requested()) {
            }
            while (deliver_due() == k_batch && !stop.stop_requested()) {
            }
            while (reminders_ &&
                   reminders_->send_due(now_ms()) == text_reminder_sender::batch_size &&
                   !stop.stop_requested()) {
            }
            publish_counts();
        } catch (const std::exception&) {
            // The store may be briefly unavailable; the next pass tries again.
            log_.event("error", "outbox pass failed");
        }
        last_pass_ms_ = now_ms();
        std::unique_lock lock(mutex_);
        wake_up_.wait_for(lock, stop, settings_.outbox.poll_interval, [this] { return woken_; });
        woken_ = false;
    }
}

int outbox_worker::deliver_due() {
    // The attempts are counted by the claim, before the sends, so a crash mid-send still counts
    // as "may have arrived" (a later cancellation is then sent, not skipped). The message in
    // flight is sent again by whichever instance claims it after its lease: with the same UID
    // (one event in a CalDAV calendar) and the same Message-ID. The store commits the outcomes'
    // small writes together with the bookings arriving meanwhile.
    return work_through_due(outbox_, now_ms(), k_batch, settings_.outbox.lease,
                            [&](const outbox_message& message) { return deliver(message); });
}

delivery_outcome outbox_worker::deliver(const outbox_message& message) {
    auto context = outbox_.context(message);
    const auto* unit = context ? settings_.find_unit(context->booking.unit) : nullptr;
    if (unit && message.interpreter_request) return deliver_to_agency(message, *unit, *context);
    // Retired advisors too: their conversations' CANCELs still go to them.
    auto advisors = roster_.of(unit ? unit->id : "");
    const auto* advisor = find_advisor(*advisors, message.advisor);
    if (!advisor)
        return failed(message, {delivery_status::failed_permanently,
                                "booking, unit or advisor no longer configured", ""});
    std::optional<std::string> contact;
    if (context->contact) {
        const auto& sealed = *context->contact;
        contact = box_.open(sealed.key_id, sealed.sealed, context->booking.calendar_uid);
        // An invitation without the number would leave the advisor unable to call (a
        // cancellation needs none); staff see the key id (a fingerprint, not the key or the
        // contact) and can restore that key.
        if (!contact && message.method != itip_method::cancel)
            return failed(message,
                          {delivery_status::failed_permanently,
                           box_.has_key(sealed.key_id)
                               ? "the contact data does not open under seal key " + sealed.key_id
                               : "the contact data was sealed under seal key " + sealed.key_id +
                                     ", which is neither the current nor a previous seal key",
                           ""});
    }
    if (context->booking.hosting == "unit") {
        auto prepared = prepare_meeting(message, *unit, *context, contact);
        if (prepared.status != delivery_status::delivered) return failed(message, prepared);
    }
    interpreter_news interpreter{context->interpreter, std::nullopt};
    if (context->interpreter_phone)
        interpreter.phone =
            box_.open(context->interpreter_phone->key_id, context->interpreter_phone->sealed,
                      context->interpreter_phone->context);
    auto invitation =
        compose_invitation(context->booking, message.method, *unit, *advisor, contact, interpreter,
                           messages_, date::floor<std::chrono::seconds>(now_()));
    invitation.known_etag = context->etag;
    invitation.outbox_id = message.id;

    delivery_result result;
    try {
        result = outside_.delivery_for(*unit, *advisor).deliver(invitation);
    } catch (const std::exception&) {
        result = {delivery_status::retry_later, "delivery adapter failed", ""};
    }
    if (result.status != delivery_status::delivered) return failed(message, result);
    stats_.count("invitations_delivered");
    return {message, delivery_outcome::kind::sent, result.etag, 0, ""};
}

delivery_outcome outbox_worker::deliver_to_agency(const outbox_message& message,
                                                  const unit_config& unit,
                                                  const outbox_store::delivery_context& context) {
    auto* agency = outside_.agency_for(unit);
    if (!agency || !context.interpreter)
        return failed(message, {delivery_status::failed_permanently,
                                "request or interpreter agency no longer configured", ""});
    std::optional<std::string> contact;
    if (context.contact)
        contact = box_.open(context.contact->key_id, context.contact->sealed,
                            context.booking.calendar_uid);
    auto request =
        compose_agency_request(*context.interpreter, message.method, context.booking, unit, contact,
                               messages_, date::floor<std::chrono::seconds>(now_()));
    request.invitation.outbox_id = message.id;
    delivery_result result;
    try {
        if (message.method == itip_method::cancel) {
            result = agency->withdraw(request);
        } else {
            std::string agency_id;
            result = agency->send(request, agency_id);
            if (result.status == delivery_status::delivered && !agency_id.empty())
                interpreters_.save_agency_id(context.interpreter->id, agency_id);
        }
    } catch (const std::exception&) {
        result = {delivery_status::retry_later, "interpreter agency adapter failed", ""};
    }
    if (result.status != delivery_status::delivered) return failed(message, result);
    stats_.count("interpreter_agency_messages_delivered");
    return {message, delivery_outcome::kind::sent, "", 0, ""};
}

delivery_result outbox_worker::prepare_meeting(const outbox_message& message,
                                               const unit_config& unit,
                                               const outbox_store::delivery_context& context,
                                               std::optional<std::string>& contact) {
    const auto& booking = context.booking;
    auto* host = outside_.meeting_host_for(unit, booking.platform);
    if (!host) return {delivery_status::failed_permanently, "no account to host meetings on", ""};
    meeting_times times{booking.start, booking.end, unit.name};
    delivery_result done{delivery_status::delivered, "", ""};
    try {
        if (message.method == itip_method::cancel) {
            // The meeting belongs to the booking, not to one advisor's invitation: a former
            // advisor's cancellation leaves it to the new one.
            if (!context.meeting || booking.status != booking_status::cancelled) return done;
            auto removed = host->remove(context.meeting->id);
            if (removed.status == delivery_status::delivered) outbox_.forget_meeting(booking.id);
            return removed;
        }
        if (!context.meeting) {
            hosted_meeting created;
            auto result = host->create(times, created);
            if (result.status != delivery_status::delivered) return result;
            outbox_.save_meeting(booking.id, booking.platform,
                                 {created.id, booking.start, booking.end},
                                 {box_.key_id(), box_.seal(created.join_link, booking.calendar_uid),
                                  booking.end + k_contact_grace});
            contact = created.join_link;
            stats_.count("hosted_meetings_created");
            return result;
        }
        if (context.meeting->start != booking.start || context.meeting->end != booking.end) {
            auto moved = host->move(context.meeting->id, times);
            if (moved.status == delivery_status::delivered)
                outbox_.meeting_moved(booking.id, booking.start, booking.end);
            return moved;
        }
        return done;
    } catch (const std::exception&) {
        return {delivery_status::retry_later, "meeting adapter failed", ""};
    }
}

delivery_outcome outbox_worker::failed(const outbox_message& message,
                                       const delivery_result& result) {
    // The claim counted this attempt already.
    auto attempts = message.attempts;
    if (result.status == delivery_status::retry_later && attempts < settings_.outbox.max_attempts) {
        stats_.count("invitation_retries");
        return {message, delivery_outcome::kind::retry, "",
                now_ms() + retry_backoff(settings_.outbox, attempts, random_).count(),
                result.reason};
    }
    stats_.count("invitations_dead");
    log_.event("warning", "an invitation could not be delivered: " + result.reason);
    return {message, delivery_outcome::kind::dead, "", 0, result.reason};
}

void outbox_worker::publish_counts() {
    for (const auto& [status, count] : outbox_.counts())
        stats_.set_gauge("samtal_outbox_messages", status, count);
    dialler_.publish_counts();
}

}  // namespace samtal
