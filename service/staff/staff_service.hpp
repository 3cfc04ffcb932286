// What staff do with the unit's schedules and conversations (/api/v1/staff/): advisors'
// hours, languages and absences, the day's conversations, handover and outcome. The router's
// table has checked the caller's role; this checks what their unit and advisor id let them
// touch, writes through the store, and keeps the advisor roster the booking core reads in
// step, so that availability and the form follow a change at once.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "service/core/advisor_roster.hpp"
#include "service/core/booking_service.hpp"
#include "service/core/clock.hpp"
#include "service/core/result.hpp"
#include "service/core/staff_identity.hpp"
#include "service/store/advisor_store.hpp"

namespace samtal {

// One conversation as the unit's day shows it. `contact` only for the advisor who holds it.
struct conversation {
    booking_record booking;
    std::optional<std::string> contact;
    bool needs_decision = false;  // its advisor is away then and nobody free could take it
};

// What an absence did to the conversations it covers.
struct absence_added {
    absence added;
    std::vector<booking_record> handed_over;
    std::vector<booking_record> needs_decision;
};

// A conversation an absence would take from its advisor, and who would get it.
struct absence_handover {
    booking_record booking;
    std::string to;  // empty: nobody free then, it would need a coordinator's decision
};

// A conversation to hand over and the advisors free to take it, the unit's choice first.
struct handover_choice {
    booking_record booking;
    std::vector<assignment> candidates;
};

class staff_service {
public:
    staff_service(const std::vector<unit_config>& units, advisor_store& store,
                  advisor_roster& roster, booking_service& bookings, clock now);

    // Reads every unit's advisors from the store, seeding a unit that has none from the file.
    void load();

    result<advisor_list> advisors(const staff_identity& who, const std::string& unit);
    result<advisor_config> advisor(const staff_identity& who, const std::string& unit,
                                   const std::string& advisor_id);
    // Adds (expected_version 0: coordinators only) or changes an advisor. A change that leaves
    // booked conversations outside the advisor's hours, or retires them, hands those over.
    result<advisor_config> save_advisor(const staff_identity& who, const std::string& unit,
                                        advisor_config changed, int expected_version);
    result<absence_added> add_absence(const staff_identity& who, const std::string& unit,
                                      const std::string& advisor_id, absence away);
    // What add_absence would hand over, and to whom, by the same rules, writing nothing (the
    // form's preview before the absence is saved). The same checks and errors as add_absence.
    result<std::vector<absence_handover>> preview_absence(const staff_identity& who,
                                                          const std::string& unit,
                                                          const std::string& advisor_id,
                                                          const absence& away);
    result<bool> remove_absence(const staff_identity& who, const std::string& unit,
                                const std::string& advisor_id, std::int64_t absence_id);

    // The unit's conversations that start on `day` (the unit's wall date; nullopt: today), or
    // for an advisor their own; each showing of a parent's contact data is audited.
    result<std::vector<conversation>> conversations(const staff_identity& who,
                                                    const std::string& unit,
                                                    std::optional<date::local_days> day);
    // To `to` (empty: the first free advisor in the unit's order of preference).
    result<booking_record> hand_over(const staff_identity& who, const std::string& conversation_id,
                                     const std::string& to, std::optional<int> expected_version);
    // The conversation and who is free to take it (coordinators of its unit).
    result<handover_choice> handover_candidates(const staff_identity& who,
                                                const std::string& conversation_id);
    result<booking_record> record_outcome(const staff_identity& who,
                                          const std::string& conversation_id,
                                          const std::string& outcome);
    result<std::vector<audit_entry>> audit_log(const staff_identity& who, const std::string& unit);

    // How many conversations still to come need a coordinator's decision, over all units.
    int needing_decision();

private:
    const unit_config* unit_for(const staff_identity& who, const std::string& unit) const;
    // Hands over each of the advisor's conversations still to come that they can no longer
    // hold; returns those handed over and those nobody could take.
    std::pair<std::vector<booking_record>, std::vector<booking_record>> hand_over_stranded(
        const staff_identity& who, const unit_config& unit, const std::string& advisor_id);
    void reload(const std::string& unit);
    audit_entry audit(const staff_identity& who, const std::string& unit, std::string action,
                      std::string subject) const;

    const std::vector<unit_config>& units_;
    advisor_store& store_;
    advisor_roster& roster_;
    booking_service& bookings_;
    clock now_;
    // One reload at a time, so that the roster ends with the latest read of the store, not with
    // an older read that finished last.
    std::mutex reload_mutex_;
};

}  // namespace samtal
