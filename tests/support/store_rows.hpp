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

}  // namespace samtal::testing
