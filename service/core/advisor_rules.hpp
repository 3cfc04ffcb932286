// The rules for what staff write about an advisor: weekly hours inside the day and apart, known
// languages, one of the unit's sites, absences that run forwards and do not overlap. Each
// broken rule is a field error with a stable code; nothing is echoed back.
#pragma once

#include <vector>

#include "service/core/result.hpp"
#include "service/core/unit.hpp"

namespace samtal {

// An advisor id or a staff name as it may appear in a path and a log: 1–64 of a–z, 0–9, '-'.
bool is_advisor_id(std::string_view id);

std::vector<field_error> check_advisor(const unit_config& unit, const advisor_config& advisor);

// `away` against the advisor's absences so far.
std::vector<field_error> check_absence(const advisor_config& advisor, const absence& away);

}  // namespace samtal
