#include "service/store/copy_store.hpp"

#include <array>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace samtal {
namespace {

// Every table, each after the tables its rows refer to. Not copied: status_counts, which the
// target's triggers count anew as the rows go in, and store_changes, the target's own
// counters of what changed.
constexpr std::array<std::string_view, 23> k_tables{"bookings",
                                                    "advisor_claims",
                                                    "sealed_contacts",
                                                    "interpreter_requests",
                                                    "outbox",
                                                    "calendar_copies",
                                                    "hosted_meetings",
                                                    "dial_jobs",
                                                    "agency_events",
                                                    "text_reminders",
                                                    "advisors",
                                                    "advisor_languages",
                                                    "advisor_hours",
                                                    "advisor_absences",
                                                    "staff_audit",
                                                    "staff_accounts",
                                                    "staff_password_links",
                                                    "staff_sessions",
                                                    "store_checks",
                                                    "follow_up_answers",
                                                    "follow_up_marks",
                                                    "statistics_months",
                                                    "statistics_days"};

// PostgreSQL's identity columns go on from the highest id copied, not from 1.
constexpr std::string_view k_identity_columns = R"sql(
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES')sql";

std::int64_t rows_in(database::connection& db, std::string_view table) {
    auto count = db.prepared("SELECT count(*) FROM " + std::string(table));
    count->executeStep();
    return count->getColumn(0).getInt64();
}

// Copies `table`'s rows from `source` into `target` with the same column names.
std::int64_t copy_table(database::connection& source, database::connection& target,
                        std::string_view table) {
    auto rows = source.prepared("SELECT * FROM " + std::string(table));
    bool more = rows->executeStep();
    std::string columns;
    std::string places;
    for (int i = 0; i < rows->getColumnCount(); ++i) {
        columns += (i ? ", " : "") + rows->getColumnName(i);
        places += i ? ", ?" : "?";
    }
    auto insert = target.prepared("INSERT INTO " + std::string(table) + " (" + columns +
                                  ") VALUES (" + places + ")");
    std::int64_t copied = 0;
    for (; more; more = rows->executeStep(), ++copied) {
        for (int i = 0; i < rows->getColumnCount(); ++i) {
            auto value = rows->getColumn(i);
            if (value.isNull()) {
                insert->bind(i + 1);
            } else if (value.isBlob()) {
                auto bytes = value.getString();
                insert->bind(i + 1, bytes.data(), int(bytes.size()));
            } else {
                // Integers and text alike: each engine reads the text by the column's type.
                insert->bind(i + 1, value.getString());
            }
        }
        insert->exec();
        insert->reset();
    }
    return copied;
}

void continue_identities(database::connection& target) {
    if (target.engine() != store_engine::postgresql) return;
    std::vector<std::string> tables;
    auto query = target.prepared(k_identity_columns);
    while (query->executeStep()) tables.push_back(query->getColumn(0).getString());
    for (const auto& table : tables)
        target.exec("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), max(id)) FROM " +
                    table + " HAVING max(id) IS NOT NULL");
}

}  // namespace

copied_rows copy_store(database& from, database& to) {
    copied_rows copied;
    from.read([&](database::connection& source) {
        to.write([&](database::connection& target) {
            for (auto table : k_tables)
                if (auto held = rows_in(target, table); held > 0)
                    throw std::runtime_error(
                        "the target store is not empty (" + std::to_string(held) + " rows in " +
                        std::string(table) +
                        "); copy-store copies into a new, empty store only, so that nothing "
                        "there is overwritten or mixed with another installation's bookings");
            for (auto table : k_tables)
                copied[std::string(table)] = copy_table(source, target, table);
            continue_identities(target);
        });
    });
    return copied;
}

}  // namespace samtal
