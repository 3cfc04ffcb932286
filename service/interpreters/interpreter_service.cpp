#include "service/interpreters/interpreter_service.hpp"

#include "service/core/booking_service.hpp"
#include "service/core/validation.hpp"

namespace samtal {
namespace {

// An interpreter's reference from staff or an agency: shown to advisors and staff only.
bool usable_reference(std::string_view text) {
    return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) >= ' ' && c != 127;
    });
}

failure refusal(answer_outcome outcome) {
    if (outcome == answer_outcome::not_found) return failure{failure_kind::not_found, {}};
    return failure::invalid("reference", "not_open");
}

}  // namespace

interpreter_service::interpreter_service(const config& settings, interpreter_store& store,
                                         const sealed_box& contact_box, agency_lookup agencies,
                                         clock now, std::function<void()> after_change)
    : settings_(settings),
      store_(store),
      box_(contact_box),
      agencies_(std::move(agencies)),
      now_(std::move(now)),
      after_change_(std::move(after_change)) {}

result<std::vector<interpreter_store::listed>> interpreter_service::list(
    const std::string& unit_id, const std::string& day, const std::string& status) {
    std::vector<field_error> errors;
    // A service of one unit need not name it; the day is today unless another is asked for.
    const auto* unit = unit_id.empty() && settings_.units.size() == 1
                           ? &settings_.units.front()
                           : settings_.find_unit(unit_id);
    if (!unit) errors.push_back({"unit", unit_id.empty() ? "required" : "unknown_unit"});
    auto date = day.empty() && unit
                    ? std::optional<date::year_month_day>(date::floor<date::days>(
                          to_local(date::floor<std::chrono::minutes>(now_in_seconds(now_)),
                                   *find_time_zone(unit->time_zone))))
                    : parse_date(day);
    if (!date) errors.push_back({"day", "invalid_time"});
    auto wanted = parse_interpreter_status(status);
    if (!status.empty() && !wanted) errors.push_back({"status", "invalid_choice"});
    if (!errors.empty()) return failure::invalid(std::move(errors));
    const auto& zone = *find_time_zone(unit->time_zone);
    // Midnight exists in every zone samtal serves; a day is from one midnight to the next.
    auto from = to_instant(local_minutes{date::local_days{*date}.time_since_epoch()}, zone);
    auto to = to_instant(
        local_minutes{(date::local_days{*date} + date::days{1}).time_since_epoch()}, zone);
    if (!from || !to) return failure::invalid("day", "invalid_time");
    return store_.list(unit->id, *from, *to, wanted);
}

result<interpreter_request> interpreter_service::record(const unit_config& unit,
                                                        const interpreter_request& request,
                                                        const interpreter_answer& answer,
                                                        const std::optional<agency_event>& event,
                                                        answer_outcome& outcome) {
    std::vector<field_error> errors;
    std::optional<sealed_interpreter_phone> phone;
    if (answer.status == interpreter_status::confirmed) {
        if (!usable_reference(answer.interpreter_reference))
            errors.push_back({"interpreter_reference", answer.interpreter_reference.empty()
                                                           ? "required"
                                                           : "invalid_choice"});
        bool offered = std::find(request.modes.begin(), request.modes.end(), answer.joins_by) !=
                       request.modes.end();
        if (!offered)
            errors.push_back({"joins_by", answer.joins_by.empty() ? "required" : "invalid_choice"});
        if (answer.joins_by == "phone") {
            auto checked = check_phone(answer.phone);
            if (answer.phone.empty())
                errors.push_back({"phone", "required"});
            else if (!checked.e164)
                errors.push_back({"phone", checked.refusal});
            else
                phone = sealed_interpreter_phone{box_.key_id(),
                                                 box_.seal(*checked.e164, request.calendar_uid),
                                                 request.calendar_uid};
        }
    }
    if (!errors.empty()) return failure::invalid(std::move(errors));
    outcome = store_.answer(unit.id, request.id, answer, phone, event);
    if (outcome != answer_outcome::done) return refusal(outcome);
    after_change_();
    return *store_.find(request.id);
}

result<interpreter_request> interpreter_service::answer(const staff_answer& typed,
                                                        std::string_view staff_unit) {
    if (typed.reference.empty()) return failure::invalid("reference", "required");
    auto id = parse_interpreter_reference(typed.reference);
    auto request = id ? store_.find(*id) : std::nullopt;
    if (!request || (!staff_unit.empty() && request->unit != staff_unit))
        return failure{failure_kind::not_found, {}};
    const auto* unit = settings_.find_unit(request->unit);
    if (!unit) return failure{failure_kind::not_found, {}};
    interpreter_answer answer;
    if (typed.status == "confirmed") {
        answer.status = interpreter_status::confirmed;
        answer.interpreter_reference = typed.interpreter_reference;
        answer.joins_by = typed.joins_by;
        answer.phone = typed.phone;
    } else if (typed.status == "declined") {
        answer.status = interpreter_status::declined;
    } else {
        return failure::invalid("status", typed.status.empty() ? "required" : "invalid_choice");
    }
    answer_outcome outcome = answer_outcome::done;
    return record(*unit, *request, answer, std::nullopt, outcome);
}

result<interpreter_request> interpreter_service::request_again(const std::string& reference) {
    if (reference.empty()) return failure::invalid("reference", "required");
    auto id = parse_interpreter_reference(reference);
    auto request = id ? store_.find(*id) : std::nullopt;
    const auto* unit = request ? settings_.find_unit(request->unit) : nullptr;
    if (!unit) return failure{failure_kind::not_found, {}};
    // The new request is ordered as a booking made now would order it.
    booking_record booking;
    booking.start = request->start;
    booking.channel =
        std::find(request->modes.begin(), request->modes.end(), "video") != request->modes.end()
            ? "video"
            : "phone";
    booking.interpreter_gender = request->gender;
    auto order = interpreter_order_for(*unit, booking, now_in_seconds(now_));
    if (!order) return failure::invalid("reference", "not_open");
    answer_outcome outcome = answer_outcome::done;
    auto opened = store_.request_again(unit->id, *id, *order, now_in_seconds(now_), outcome);
    if (!opened) return refusal(outcome);
    after_change_();
    return *opened;
}

callback_verdict interpreter_service::agency_callback(const std::string& unit_id,
                                                      std::string_view timestamp,
                                                      std::string_view signature,
                                                      std::string_view body) {
    const auto* unit = settings_.find_unit(unit_id);
    auto* agency = unit ? agencies_(*unit) : nullptr;
    if (!agency) return callback_verdict::refused;
    auto now = now_in_seconds(now_);
    auto notice = agency->read_callback({timestamp, signature, body}, now);
    if (notice.read == agency_notice::reading::refused) return callback_verdict::refused;
    const auto& answer = notice.answer;
    if (notice.read == agency_notice::reading::malformed || !usable_reference(notice.event_id) ||
        answer.status == interpreter_status::requested)
        return callback_verdict::malformed;
    auto id = parse_interpreter_reference(notice.reference);
    auto request = id ? store_.find(*id) : std::nullopt;
    if (!request || request->unit != unit->id) return callback_verdict::unknown_request;
    agency_event event{unit->id, notice.event_id, std::string(signature), now};
    answer_outcome outcome = answer_outcome::done;
    auto recorded = record(*unit, *request, answer, event, outcome);
    if (recorded) return callback_verdict::accepted;
    if (outcome == answer_outcome::replayed) return callback_verdict::replayed;
    if (outcome == answer_outcome::not_found) return callback_verdict::unknown_request;
    return callback_verdict::malformed;
}

void interpreter_service::follow_up(const std::function<std::optional<interpreter_answer>(
                                        const unit_config&, const interpreter_request&)>& ask) {
    auto now = now_in_seconds(now_);
    for (const auto& unit : settings_.units) {
        auto* agency = agencies_(unit);
        auto interval = agency ? agency->poll_interval() : std::nullopt;
        if (!interval) continue;
        for (const auto& request : store_.due_for_polling(unit.id, now, *interval)) {
            auto answer = ask(unit, request);
            if (!answer || answer->status == interpreter_status::requested) continue;
            answer_outcome outcome = answer_outcome::done;
            // An unusable answer is asked again at the next poll.
            (void)record(unit, request, *answer, std::nullopt, outcome);
        }
    }
    if (store_.expire_overdue(now) > 0) after_change_();
    store_.forget_agency_events(now - 2 * k_callback_max_age);
}

std::optional<std::string> interpreter_service::confirmed_interpreter_phone(
    std::int64_t booking_id) {
    auto sealed = store_.confirmed_phone(booking_id);
    if (!sealed) return std::nullopt;
    return box_.open(sealed->key_id, sealed->sealed, sealed->context);
}

}  // namespace samtal
