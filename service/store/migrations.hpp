// The store's versioned migrations, in order; the schema version is how many have been applied.
// Each is written twice, once per engine: migrations/NNN_name.sql for SQLite and
// migrations/postgresql/NNN_name.sql for PostgreSQL, with the same tables and meaning.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "service/embedded_files.hpp"

namespace samtal {

inline constexpr std::array<std::string_view, 17> k_migrations{
    "001_initial.sql",
    "002_outbox.sql",
    "003_hosted_meetings.sql",
    "004_booking_dialect.sql",
    "005_dial_jobs.sql",
    "006_interpreter_requests.sql",
    "007_status_counts.sql",
    "008_outbox_cancelled_event.sql",
    "009_staff_schedules.sql",
    "010_staff_accounts.sql",
    "011_store_checks.sql",
    "012_follow_up_and_statistics.sql",
    "013_sms_reminders.sql",
    "014_statistics_days.sql",
    "015_advisor_language_order.sql",
    "016_store_changes.sql",
    "017_row_leases.sql",
};

enum class store_engine { sqlite, postgresql };

// The SQL of migration `index` (from 0) for `engine`, as compiled into the binary.
inline std::string_view migration_sql(std::size_t index, store_engine engine) {
    std::string path = engine == store_engine::sqlite ? "service/store/migrations/"
                                                      : "service/store/migrations/postgresql/";
    path += k_migrations.at(index);
    return embedded_files().at(path);
}

}  // namespace samtal
