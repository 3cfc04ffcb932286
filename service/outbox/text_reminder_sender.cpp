#include "service/outbox/text_reminder_sender.hpp"

#include <array>
#include <cstdio>

#include "adapters/telephony/registry.hpp"
#include "service/outbox/claimed_work.hpp"
#include "service/outbox/retry_backoff.hpp"
#include "service/store/booking_store.hpp"

namespace samtal {
namespace {

std::int64_t unix_ms(sys_minutes t) { return unix_seconds(t) * 1000; }

// date::weekday's C encoding: 0 is Sunday.
constexpr std::array<std::string_view, 7> k_weekday_keys{"sun", "mon", "tue", "wed",
                                                         "thu", "fri", "sat"};

// "tisdag 1 december", as the pages write a day mid-sentence (format.day).
std::string day_text(const message_catalog& messages, const std::string& language,
                     date::local_days day) {
    date::year_month_day ymd{day};
    return fill(
        messages.text(language, "format.day"),
        {{"weekday",
          messages.text(language,
                        "weekday." + std::string(k_weekday_keys[date::weekday{day}.c_encoding()]))},
         {"day", std::to_string(unsigned(ymd.day()))},
         {"month", messages.text(language, "month." + std::to_string(unsigned(ymd.month())))},
         {"year", std::to_string(int(ymd.year()))}});
}

}  // namespace

text_reminder_sender::text_reminder_sender(const config& settings, const message_catalog& messages,
                                           text_reminder_store& reminders,
                                           const sealed_box& contact_box, random_source random,
                                           metrics& stats, access_log& log)
    : settings_(settings),
      messages_(messages),
      reminders_(reminders),
      box_(contact_box),
      random_(std::move(random)),
      stats_(stats),
      log_(log) {}

std::string text_reminder_sender::compose(const message_catalog& messages,
                                          const std::string& language, const unit_config& unit,
                                          const booking_record& booking) {
    const auto* zone = find_time_zone(unit.time_zone);
    auto wall = to_local(booking.start, *zone);
    auto day = date::floor<date::days>(wall);
    auto minute = int((wall - day).count());
    char start[16];
    std::snprintf(start, sizeof start, "%02d:%02d", minute / 60, minute % 60);
    auto text =
        fill(messages.text(language, "sms_reminder.body"),
             {{"unit", unit.name}, {"day", day_text(messages, language, day)}, {"start", start}});
    const auto& link = unit.telephony ? unit.telephony->booking_page_url : std::string();
    return text + " " +
           (link.empty()
                ? messages.text(language, "sms_reminder.change_words")
                : fill(messages.text(language, "sms_reminder.change_link"), {{"link", link}}));
}

int text_reminder_sender::send_due(std::int64_t now_ms) {
    // Claimed as being sent before the provider is asked: a crash mid-send is not a second text.
    return work_through_due(
        reminders_, now_ms, batch_size, settings_.outbox.lease,
        [&](text_reminder reminder) { return attempt(std::move(reminder), now_ms); });
}

text_reminder text_reminder_sender::attempt(text_reminder reminder, std::int64_t now_ms) {
    auto context = reminders_.context(reminder.booking_id);
    if (!context || context->booking.status != booking_status::booked)
        return give_up(reminder, "the booking is cancelled");
    const auto& booking = context->booking;
    const auto* unit = settings_.find_unit(booking.unit);
    if (!unit || !unit->telephony) return give_up(reminder, "no telephony provider");
    auto start_ms = unix_ms(booking.start);
    if (now_ms >= start_ms) return give_up(reminder, "the conversation has begun");
    auto* messenger = messenger_for(*unit);
    if (!messenger) return give_up(reminder, "no telephony provider");

    std::optional<std::string> number;
    if (context->contact)
        number =
            box_.open(context->contact->key_id, context->contact->sealed, booking.calendar_uid);
    if (!number) return give_up(reminder, "the parent's number is gone");

    text_message_result result;
    try {
        result = messenger->send({*number, compose(messages_, reminder.language, *unit, booking)});
    } catch (const std::exception&) {
        result = {{delivery_status::retry_later, "telephony adapter failed"}, "", true};
    }
    if (result.outcome.status == delivery_status::delivered) {
        stats_.count("text_reminders_sent");
        reminder.status = "sent";
        reminder.provider_id = result.provider_id;
        reminder.last_error.clear();
        return reminder;
    }
    if (result.may_have_been_sent)
        return give_up(reminder, result.outcome.reason +
                                     "; it may have gone out, so it is not "
                                     "sent again");
    auto next = now_ms + retry_backoff(settings_.outbox, reminder.attempts, random_).count();
    if (result.outcome.status == delivery_status::failed_permanently ||
        reminder.attempts >= settings_.outbox.max_attempts || next >= start_ms)
        return give_up(reminder, result.outcome.reason);
    reminder.status = "pending";
    reminder.due_at_ms = next;
    reminder.last_error = result.outcome.reason;
    return reminder;
}

text_reminder text_reminder_sender::give_up(text_reminder reminder, std::string reason) {
    stats_.count("text_reminders_failed");
    log_.event("warning", "a text reminder could not be sent: " + reason);
    reminder.status = "dead";
    reminder.last_error = std::move(reason);
    return reminder;
}

text_messenger* text_reminder_sender::messenger_for(const unit_config& unit) {
    auto& messenger = messengers_[unit.id];
    if (!messenger) messenger = make_text_messenger(*unit.telephony, settings_.outgoing);
    return messenger.get();
}

}  // namespace samtal
