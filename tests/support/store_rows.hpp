// Reading a test's store directly, on either engine: the first column of the first row of a
// query, for counting what a store left behind.
#pragma once

#include <cstdint>
#include <string>

#include "service/store/database.hpp"

namespace samtal::testing {

inline std::int64_t single_integer(database::connection& db, const std::string& sql) {
    auto query = db.prepared(sql);
    if (!query->executeStep()) return 0;
    return query->getColumn(0).getInt64();
}

inline std::string single_text(database::connection& db, const std::string& sql) {
    auto query = db.prepared(sql);
    if (!query->executeStep()) return "";
    return query->getColumn(0).getString();
}

// The same from outside the store's owner (such as a running service): through a database
// of its own on `where`.
inline std::int64_t single_integer(const store_location& where, const std::string& sql) {
    std::int64_t value = 0;
    database(where, 1).read([&](database::connection& db) { value = single_integer(db, sql); });
    return value;
}

inline std::string single_text(const store_location& where, const std::string& sql) {
    std::string value;
    database(where, 1).read([&](database::connection& db) { value = single_text(db, sql); });
    return value;
}

}  // namespace samtal::testing
