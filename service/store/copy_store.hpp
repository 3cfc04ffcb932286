// Moving an installation from one store to another (samtal copy-store): the embedded SQLite
// file to a PostgreSQL server that several instances will share, or back. Everything is
// copied as it is stored (bookings, sealed contacts, the outbox, schedules, staff accounts,
// counts), in one transaction on the target, which must be empty.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "service/store/database.hpp"

namespace samtal {

// Rows copied, per table.
using copied_rows = std::map<std::string, std::int64_t>;

// Copies every table of `from` into `to`. Both are migrated to this binary's schema first.
// Throws std::runtime_error, leaving `to` as it was, when `to` already holds any row.
copied_rows copy_store(database& from, database& to);

}  // namespace samtal
