// The advisors tables, their one owner: each unit's advisors with languages, weekly hours and
// absences (migration 009). The configuration file seeds a unit that has none; from then on
// staff change them here, and core/advisor_roster.hpp holds what was read last.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/core/advisor_roster.hpp"
#include "service/store/database.hpp"

namespace samtal {

// One line of the unit's audit log: a staff member's change, named by ids only.
struct audit_entry {
    sys_seconds at;
    std::string unit;
    std::string actor;    // the staff member's name as their token or account has it
    std::string action;   // "advisor.added", "advisor.changed", "absence.added", ...
    std::string subject;  // the advisor's id or the conversation's
};

void record_audit(database::connection& db, const audit_entry& entry);

// What a write against a version found.
enum class advisor_write { done, stale, not_found, exists };

class advisor_store {
public:
    explicit advisor_store(database& db) : db_(db) {}

    // Writes the file's advisors for a unit that has none in the store yet (a first start, or
    // a unit new in the file), and returns whether it did.
    bool seed(const std::string& unit, const advisor_list& advisors);

    // The unit's advisors in the unit's order, retired ones too.
    advisor_list load(const std::string& unit);

    // Writes the advisor whole (name, site, delivery, languages, hours, active; absences are
    // kept) when its version is still `expected_version`, or adds it when `expected_version`
    // is 0 and the id is free; with `audit` in the same transaction.
    advisor_write save(const std::string& unit, const advisor_config& advisor, int expected_version,
                       const audit_entry& audit);

    // Adds an absence (its id is set) or removes one, and raises the advisor's version.
    advisor_write add_absence(const std::string& unit, const std::string& advisor, absence& added,
                              const audit_entry& audit);
    advisor_write remove_absence(const std::string& unit, const std::string& advisor,
                                 std::int64_t absence_id, const audit_entry& audit);

    // The unit's audit log, newest first.
    std::vector<audit_entry> audit_log(const std::string& unit, int limit);
    void audit(const audit_entry& entry);

private:
    database& db_;
};

}  // namespace samtal
