#include "service/core/booking_service.hpp"

#include <algorithm>

#include "service/core/languages.hpp"
#include "service/core/schedule.hpp"
#include "service/core/text_reminder.hpp"
#include "service/core/validation.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;

// Busy periods are fetched from this long before a range, so that a conversation that began
// earlier and still runs (with its buffer) is seen.
constexpr std::chrono::hours k_busy_lookback{12};

// A start time given by a parent: RFC 3339, on the minute.
std::optional<sys_minutes> parse_start(std::string_view text) {
    auto instant = parse_rfc3339(text);
    if (!instant || instant->time_since_epoch() % minutes{1} != std::chrono::seconds{0})
        return std::nullopt;
    return date::floor<minutes>(*instant);
}

}  // namespace

booking_service::booking_service(const std::vector<unit_config>& units,
                                 const advisor_roster& roster, booking_repository& repository,
                                 const secret_key& code_key, const sealed_box& contact_box,
                                 meeting_platform_lookup platforms, clock now,
                                 std::function<void()> after_change)
    : units_(units),
      roster_(roster),
      repository_(repository),
      hasher_(code_key),
      box_(contact_box),
      platforms_(std::move(platforms)),
      now_(std::move(now)),
      after_change_(std::move(after_change)) {}

const date::time_zone& booking_service::zone_of(const unit_config& unit) const {
    // Validated at start-up, so the zone exists.
    return *find_time_zone(unit.time_zone);
}

result<availability> booking_service::find_availability(const availability_query& query) {
    std::vector<field_error> errors;
    const auto* unit = find_unit(units_, query.unit);
    if (!unit) errors.push_back({"unit", query.unit.empty() ? "required" : "unknown_unit"});
    auto now = date::floor<minutes>(now_in_seconds(now_));
    auto from = query.from.empty() ? std::optional<sys_minutes>(now) : parse_start(query.from);
    if (!from) errors.push_back({"from", "invalid_time"});
    std::optional<sys_minutes> to;
    if (from)
        to = query.to.empty() ? std::optional<sys_minutes>(*from + date::days{7})
                              : parse_start(query.to);
    if (!to && from) errors.push_back({"to", "invalid_time"});
    if (from && to && (*to <= *from || *to - *from > k_max_availability_range))
        errors.push_back({"to", "invalid_range"});
    if (unit && !query.channel.empty() && !unit->offers_channel(query.channel))
        errors.push_back({"channel", "not_offered"});
    if (unit && !query.language.empty() && !unit->offers_language(query.language))
        errors.push_back({"language", "not_offered"});
    if (!errors.empty()) return failure::invalid(std::move(errors));

    const auto& zone = zone_of(*unit);
    auto busy = repository_.busy_periods(unit->id, *from - k_busy_lookback, *to);
    auto window = window_at(*unit, zone, now_in_seconds(now_));
    availability answer{unit, &zone, {}, roster_.of(unit->id)};
    for (auto& free : free_slots(*unit, *answer.advisors, zone, *from, *to, window, busy))
        answer.times.push_back({free.start, free.end, free.evening,
                                !query.language.empty() && speaker_free(free, query.language),
                                std::move(free.advisors)});
    return answer;
}

std::optional<slot> booking_service::slot_at(const unit_config& unit, const advisor_list& advisors,
                                             sys_minutes start,
                                             const std::vector<busy_period>& busy) const {
    const auto& zone = zone_of(unit);
    auto slots = free_slots(unit, advisors, zone, start, start + minutes{1},
                            window_at(unit, zone, now_in_seconds(now_)), busy);
    if (slots.empty()) return std::nullopt;
    return slots.front();
}

result<std::vector<assignment>> booking_service::candidates_for(const unit_config& unit,
                                                                sys_minutes start,
                                                                std::string_view language,
                                                                bool wants_interpreter,
                                                                std::int64_t moving_booking) {
    const auto& zone = zone_of(unit);
    auto day = date::floor<date::days>(to_local(start, zone));
    auto busy = repository_.busy_periods(unit.id, start - date::days{1}, start + date::days{1});
    // A booking being moved does not stand in its own way.
    std::erase_if(busy, [&](const busy_period& b) { return b.booking_id == moving_booking; });
    auto advisors = roster_.of(unit.id);
    auto free = slot_at(unit, *advisors, start, busy);
    if (!free) {
        // A time that would be bookable on an empty calendar was taken meanwhile; any other
        // time was never on offer.
        if (slot_at(unit, *advisors, start, {})) return failure{failure_kind::slot_taken, {}};
        return failure::invalid("start", "not_a_free_time");
    }
    std::vector<busy_period> busy_that_day;
    std::copy_if(busy.begin(), busy.end(), std::back_inserter(busy_that_day),
                 [&](const busy_period& b) {
                     return date::floor<date::days>(to_local(b.start, zone)) == day;
                 });
    std::vector<assignment> candidates;
    for (const auto* advisor : assignment_order(*free, language, busy_that_day))
        candidates.push_back(
            {advisor->id, advisor->site, wants_interpreter && !advisor->speaks(language)});
    return candidates;
}

std::optional<interpreter_order> interpreter_order_for(const unit_config& unit,
                                                       const booking_record& booking,
                                                       sys_seconds now) {
    const auto& settings = unit.interpreters;
    if (settings.agency.empty()) return std::nullopt;
    return interpreter_order{settings.agency,
                             settings.competence,
                             settings.competence_required,
                             booking.interpreter_gender,
                             interpreter_modes(booking.channel),
                             answer_deadline(date::floor<minutes>(now), booking.start,
                                             settings.answer_within, settings.answer_before_start)};
}

result<created_booking> booking_service::create(const booking_request& request) {
    std::vector<field_error> errors;
    const auto* unit = find_unit(units_, request.unit);
    if (!unit) return failure::invalid("unit", request.unit.empty() ? "required" : "unknown_unit");

    auto start = parse_start(request.start);
    if (request.start.empty()) {
        errors.push_back({"start", "required"});
    } else if (!start) {
        errors.push_back({"start", "invalid_time"});
    }

    std::string contact;
    std::string platform = request.platform;  // a "Skype / Teams" link is a Teams meeting
    if (request.channel.empty()) {
        errors.push_back({"channel", "required"});
    } else if (!unit->offers_channel(request.channel)) {
        errors.push_back({"channel", "not_offered"});
    } else if (request.channel == "phone") {
        auto phone = check_phone(request.phone);
        if (request.phone.empty()) {
            errors.push_back({"phone", "required"});
        } else if (!phone.e164) {
            errors.push_back({"phone", phone.refusal});
        } else {
            contact = *phone.e164;
        }
    } else {
        if (request.platform.empty()) {
            errors.push_back({"platform", "required"});
        } else if (!unit->offers_platform(request.platform)) {
            errors.push_back({"platform", "not_offered"});
        }
        if (request.hosting != "parent" && request.hosting != "unit") {
            errors.push_back({"hosting", request.hosting.empty() ? "required" : "invalid_choice"});
        } else if (request.hosting == "unit") {
            // The meeting is made on the unit's account by the outbox, before the invitation
            // goes out; the parent brings nothing.
            if (!unit->hosted_meetings_on(request.platform))
                errors.push_back({"hosting", "not_offered"});
        } else if (request.join_link.empty()) {
            errors.push_back({"join_link", "required"});
        } else if (unit->offers_platform(request.platform)) {
            auto checked = check_join_link(platforms_(request.platform), request.join_link);
            if (!checked.link) {
                errors.push_back({"join_link", checked.refusal});
            } else {
                contact = *checked.link;
                platform = checked.platform;
            }
        }
    }

    if (!request.language.empty() && !unit->offers_language(request.language))
        errors.push_back({"language", "not_offered"});
    if (request.interpreter && request.language.empty()) errors.push_back({"language", "required"});
    // Only the catalogue's fixed dialects of the chosen language: never free text.
    if (!request.dialect.empty()) {
        const auto* spoken = find_language(request.language);
        if (!spoken || !spoken->has_dialect(request.dialect))
            errors.push_back({"dialect", "invalid_choice"});
    }
    if (!request.topic.empty() && !unit->offers_topic(request.topic))
        errors.push_back({"topic", "invalid_choice"});
    if (!request.parent_role.empty() && !is_parent_role(request.parent_role))
        errors.push_back({"parent_role", "invalid_choice"});
    if (!request.interpreter_gender.empty() && !is_interpreter_gender(request.interpreter_gender))
        errors.push_back({"interpreter_gender", "invalid_choice"});
    // Refused rather than ignored, as any option the unit does not offer: a parent told
    // nothing would wait for a text that never comes.
    if (request.sms_reminder && !offers_text_reminders(*unit))
        errors.push_back({"sms_reminder", "not_offered"});
    else if (request.sms_reminder && request.channel != "phone")
        errors.push_back({"sms_reminder", "phone_only"});
    if (!errors.empty()) return failure::invalid(std::move(errors));

    auto candidates = candidates_for(*unit, *start, request.language, request.interpreter, 0);
    if (!candidates) return candidates.error();

    booking_record booking;
    booking.unit = unit->id;
    booking.start = *start;
    booking.end = *start + minutes{unit->conversation_minutes};
    booking.channel = request.channel;
    if (request.channel == "video") {
        booking.platform = platform;
        booking.hosting = request.hosting;
    }
    booking.language = request.language;
    booking.dialect = request.dialect;
    booking.interpreter_requested = request.interpreter;
    if (request.interpreter) booking.interpreter_gender = request.interpreter_gender;
    booking.topic = request.topic;
    booking.parent_role = request.parent_role.empty() ? "unspecified" : request.parent_role;
    booking.calendar_uid = random_hex(16) + "@samtal";
    if (request.sms_reminder)
        booking.reminder_language = request.page_language.empty() ? "sv" : request.page_language;

    std::optional<sealed_contact> sealed;
    if (!contact.empty())
        sealed = sealed_contact{box_.key_id(), box_.seal(contact, booking.calendar_uid),
                                booking.end + k_contact_grace};

    auto code = new_booking_code();
    auto stored = repository_.insert(booking, candidates.value(), minutes{unit->buffer_minutes},
                                     hasher_.hash(*canonical_booking_code(code)), sealed,
                                     interpreter_order_for(*unit, booking, now_in_seconds(now_)));
    if (!stored) return failure{failure_kind::slot_taken, {}};
    after_change_();
    return created_booking{std::move(code), std::move(*stored)};
}

result<booking_record> booking_service::find(std::string_view typed_code) {
    auto canonical = canonical_booking_code(typed_code);
    // A malformed code costs the same hash as a real one, so timing tells nothing.
    auto hash = hasher_.hash(canonical ? *canonical : std::string(k_booking_code_symbols, '0'));
    auto booking = repository_.find_booked(hash);
    if (!canonical || !booking) return failure{failure_kind::not_found, {}};
    return *booking;
}

std::optional<std::string> booking_service::hosted_join_link(const booking_record& booking) {
    if (booking.hosting != "unit") return std::nullopt;
    return contact_of(booking);
}

result<booking_record> booking_service::cancel(std::string_view typed_code) {
    auto booking = find(typed_code);
    if (!booking) return booking;
    if (sys_seconds{booking->start} <= now_in_seconds(now_))
        return failure::invalid("booking", "already_started");
    auto cancelled = repository_.cancel(booking->id);
    if (!cancelled) return failure{failure_kind::not_found, {}};
    after_change_();
    return *cancelled;
}

result<booking_record> booking_service::reschedule(std::string_view typed_code,
                                                   std::string_view start_text) {
    auto booking = find(typed_code);
    if (!booking) return booking;
    if (sys_seconds{booking->start} <= now_in_seconds(now_))
        return failure::invalid("booking", "already_started");
    auto start = parse_start(start_text);
    if (!start) return failure::invalid("start", start_text.empty() ? "required" : "invalid_time");
    const auto* unit = find_unit(units_, booking->unit);
    if (!unit) return failure{failure_kind::not_found, {}};
    auto candidates = candidates_for(*unit, *start, booking->language,
                                     booking->interpreter_requested, booking->id);
    if (!candidates) return candidates.error();
    auto end = *start + minutes{unit->conversation_minutes};
    auto moving = booking.value();
    moving.start = *start;
    moving.end = end;
    auto moved =
        repository_.move(booking->id, *start, end, candidates.value(),
                         minutes{unit->buffer_minutes}, end + k_contact_grace,
                         interpreter_order_for(*unit, moving, now_in_seconds(now_)), std::nullopt);
    if (!moved) return failure{failure_kind::slot_taken, {}};
    after_change_();
    return *moved;
}

}  // namespace samtal
