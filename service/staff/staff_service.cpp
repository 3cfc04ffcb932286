#include "service/staff/staff_service.hpp"

#include "service/core/advisor_rules.hpp"
#include "service/core/schedule.hpp"

namespace samtal {
namespace {

constexpr int k_audit_lines = 500;

failure forbidden() { return failure{failure_kind::forbidden, {}}; }
failure not_found() { return failure{failure_kind::not_found, {}}; }

}  // namespace

staff_service::staff_service(const std::vector<unit_config>& units, advisor_store& store,
                             advisor_roster& roster, booking_service& bookings, clock now)
    : units_(units), store_(store), roster_(roster), bookings_(bookings), now_(std::move(now)) {}

void staff_service::load() {
    for (const auto& unit : units_) {
        store_.seed(unit.id, unit.advisors_from_file);
        reload(unit.id);
    }
}

void staff_service::reload(const std::string& unit) {
    std::lock_guard lock(reload_mutex_);
    roster_.replace(unit, store_.load(unit));
}

audit_entry staff_service::audit(const staff_identity& who, const std::string& unit,
                                 std::string action, std::string subject) const {
    return {now_in_seconds(now_), unit, who.name, std::move(action), std::move(subject)};
}

const unit_config* staff_service::unit_for(const staff_identity& who,
                                           const std::string& unit) const {
    // Staff of one unit see nothing of another, not even whether it exists.
    if (!who.in_unit(unit)) return nullptr;
    return find_unit(units_, unit);
}

result<advisor_list> staff_service::advisors(const staff_identity& who, const std::string& unit) {
    if (!unit_for(who, unit)) return not_found();
    return *roster_.of(unit);
}

result<advisor_config> staff_service::advisor(const staff_identity& who, const std::string& unit,
                                              const std::string& advisor_id) {
    if (!unit_for(who, unit)) return not_found();
    auto advisors = roster_.of(unit);
    const auto* found = find_advisor(*advisors, advisor_id);
    if (!found) return not_found();
    return *found;
}

result<advisor_config> staff_service::save_advisor(const staff_identity& who,
                                                   const std::string& unit_id,
                                                   advisor_config changed, int expected_version) {
    const auto* unit = unit_for(who, unit_id);
    if (!unit) return not_found();
    if (!who.acts_for(unit_id, changed.id)) return forbidden();
    // Adding and retiring advisors is the coordinator's.
    auto advisors = roster_.of(unit_id);
    const auto* current = find_advisor(*advisors, changed.id);
    if ((expected_version == 0 || !changed.active || (current && !current->active)) &&
        who.role != "coordinator")
        return forbidden();
    if (expected_version != 0 && !current) return not_found();
    auto errors = check_advisor(*unit, changed);
    if (!errors.empty()) return failure::invalid(std::move(errors));
    // What staff do not edit here stays as it is.
    if (current) {
        changed.absences = current->absences;
        changed.calendar_url = current->calendar_url;
        changed.delivery = current->delivery;
    }
    auto written =
        store_.save(unit_id, changed, expected_version,
                    audit(who, unit_id, expected_version == 0 ? "advisor.added" : "advisor.changed",
                          changed.id));
    if (written == advisor_write::exists) return failure::invalid("id", "taken");
    if (written == advisor_write::not_found) return not_found();
    if (written == advisor_write::stale) return failure{failure_kind::conflict, {}};
    reload(unit_id);
    hand_over_stranded(who, *unit, changed.id);
    return *find_advisor(*roster_.of(unit_id), changed.id);
}

result<absence_added> staff_service::add_absence(const staff_identity& who,
                                                 const std::string& unit_id,
                                                 const std::string& advisor_id, absence away) {
    const auto* unit = unit_for(who, unit_id);
    if (!unit) return not_found();
    if (!who.acts_for(unit_id, advisor_id)) return forbidden();
    auto advisors = roster_.of(unit_id);
    const auto* current = find_advisor(*advisors, advisor_id);
    if (!current) return not_found();
    auto errors = check_absence(*current, away);
    if (!errors.empty()) return failure::invalid(std::move(errors));
    auto written = store_.add_absence(unit_id, advisor_id, away,
                                      audit(who, unit_id, "absence.added", advisor_id));
    if (written != advisor_write::done) return not_found();
    reload(unit_id);
    auto [handed_over, undecided] = hand_over_stranded(who, *unit, advisor_id);
    return absence_added{away, std::move(handed_over), std::move(undecided)};
}

result<std::vector<absence_handover>> staff_service::preview_absence(const staff_identity& who,
                                                                     const std::string& unit_id,
                                                                     const std::string& advisor_id,
                                                                     const absence& away) {
    const auto* unit = unit_for(who, unit_id);
    if (!unit) return not_found();
    if (!who.acts_for(unit_id, advisor_id)) return forbidden();
    auto advisors = roster_.of(unit_id);
    const auto* current = find_advisor(*advisors, advisor_id);
    if (!current) return not_found();
    auto errors = check_absence(*current, away);
    if (!errors.empty()) return failure::invalid(std::move(errors));
    // The advisor as they would be, and the conversations hand_over_stranded would then find.
    auto away_then = *current;
    away_then.absences.push_back(away);
    const auto& zone = bookings_.zone_of(*unit);
    std::vector<absence_handover> preview;
    std::vector<busy_period> taken;  // what the earlier handovers of this preview would book
    auto now = date::ceil<std::chrono::minutes>(now_in_seconds(now_));
    for (auto& booking : bookings_.conversations_of(*unit, advisor_id, now)) {
        if (works_at(away_then, zone, booking.start, booking.end)) continue;
        auto candidates = bookings_.handover_candidates(booking, "", taken);
        std::string to = candidates.empty() ? "" : candidates.front().advisor;
        if (!to.empty()) taken.push_back({booking.id, to, booking.start, booking.end});
        preview.push_back({std::move(booking), std::move(to)});
    }
    return preview;
}

result<bool> staff_service::remove_absence(const staff_identity& who, const std::string& unit_id,
                                           const std::string& advisor_id, std::int64_t absence_id) {
    if (!unit_for(who, unit_id)) return not_found();
    if (!who.acts_for(unit_id, advisor_id)) return forbidden();
    auto written = store_.remove_absence(unit_id, advisor_id, absence_id,
                                         audit(who, unit_id, "absence.removed", advisor_id));
    if (written != advisor_write::done) return not_found();
    reload(unit_id);
    return true;
}

std::pair<std::vector<booking_record>, std::vector<booking_record>>
staff_service::hand_over_stranded(const staff_identity& who, const unit_config& unit,
                                  const std::string& advisor_id) {
    std::vector<booking_record> handed_over, undecided;
    auto now = date::ceil<std::chrono::minutes>(now_in_seconds(now_));
    for (const auto& booking : bookings_.conversations_of(unit, advisor_id, now)) {
        if (bookings_.can_hold(unit, booking.advisor, booking)) continue;
        auto moved = bookings_.hand_over(booking, "", booking.sequence);
        if (moved) {
            store_.audit(
                audit(who, unit.id, "conversation.handed_over", conversation_id_of(booking)));
            handed_over.push_back(std::move(moved.value()));
        } else {
            undecided.push_back(booking);
        }
    }
    return {std::move(handed_over), std::move(undecided)};
}

result<std::vector<conversation>> staff_service::conversations(
    const staff_identity& who, const std::string& unit_id, std::optional<date::local_days> day) {
    const auto* unit = unit_for(who, unit_id);
    if (!unit) return not_found();
    if (!day)
        day = date::floor<date::days>(to_local(
            date::floor<std::chrono::minutes>(now_in_seconds(now_)), bookings_.zone_of(*unit)));
    std::vector<conversation> day_view;
    for (auto& booking : bookings_.conversations_on(*unit, *day)) {
        if (who.role == "advisor" && booking.advisor != who.advisor) continue;
        conversation entry{booking, std::nullopt,
                           !bookings_.can_hold(*unit, booking.advisor, booking)};
        // The parent's number or link only for the advisor who holds the conversation, and
        // the log says it was shown, never what.
        if (who.role == "advisor") {
            entry.contact = bookings_.contact_of(booking);
            if (entry.contact)
                store_.audit(audit(who, unit_id, "contact.shown", conversation_id_of(booking)));
        }
        day_view.push_back(std::move(entry));
    }
    return day_view;
}

result<booking_record> staff_service::hand_over(const staff_identity& who,
                                                const std::string& conversation_id,
                                                const std::string& to,
                                                std::optional<int> expected_version) {
    auto booking = bookings_.find_conversation(conversation_id);
    if (!booking || !who.in_unit(booking->unit) || who.role != "coordinator") return not_found();
    const auto* unit = find_unit(units_, booking->unit);
    if (!unit) return not_found();
    if (!to.empty() && !find_advisor(*roster_.of(unit->id), to))
        return failure::invalid("to", "unknown_advisor");
    if (to == booking->advisor) return failure::invalid("to", "same_advisor");
    auto moved = bookings_.hand_over(booking.value(), to, expected_version);
    if (moved) store_.audit(audit(who, unit->id, "conversation.handed_over", conversation_id));
    return moved;
}

result<handover_choice> staff_service::handover_candidates(const staff_identity& who,
                                                           const std::string& conversation_id) {
    auto booking = bookings_.find_conversation(conversation_id);
    if (!booking || !who.in_unit(booking->unit) || who.role != "coordinator") return not_found();
    auto candidates = bookings_.handover_candidates(booking.value());
    return handover_choice{std::move(booking.value()), std::move(candidates)};
}

result<booking_record> staff_service::record_outcome(const staff_identity& who,
                                                     const std::string& conversation_id,
                                                     const std::string& outcome) {
    auto booking = bookings_.find_conversation(conversation_id);
    if (!booking || !who.acts_for(booking->unit, booking->advisor)) return not_found();
    if (outcome != "held" && outcome != "not_reached")
        return failure::invalid("outcome", "invalid_choice");
    auto recorded = bookings_.record_outcome(booking.value(), outcome);
    if (recorded) store_.audit(audit(who, booking->unit, "conversation.outcome", conversation_id));
    return recorded;
}

result<std::vector<audit_entry>> staff_service::audit_log(const staff_identity& who,
                                                          const std::string& unit) {
    if (!unit_for(who, unit)) return not_found();
    return store_.audit_log(unit, k_audit_lines);
}

int staff_service::needing_decision() {
    int count = 0;
    auto now = date::ceil<std::chrono::minutes>(now_in_seconds(now_));
    for (const auto& unit : units_)
        for (const auto& booking : bookings_.conversations_of(unit, "", now))
            if (!bookings_.can_hold(unit, booking.advisor, booking)) ++count;
    return count;
}

}  // namespace samtal
