// A unit as config reads it: its offer to parents, its sites, its advisors with their hours,
// absences and languages, and its accounts (accounts_reader).
#pragma once

#include "service/config/table_reader.hpp"
#include "service/core/unit.hpp"

namespace samtal {

unit_config read_unit(const table_reader& reader);

}  // namespace samtal
