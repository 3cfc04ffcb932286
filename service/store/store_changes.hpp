// What other samtal instances on the same PostgreSQL store changed: the counters of
// migration 016, which triggers move with every change to the bookings or to the roster. An
// instance reads them a few times a second and drops the answers it kept from before.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/store/database.hpp"

namespace samtal {

class store_change_watch {
public:
    explicit store_change_watch(database& db) : db_(db) {}

    // The topics ("bookings", "roster") whose counter moved since the last call; every topic
    // on the first call, as nothing was seen before it.
    std::vector<std::string> changed();

private:
    database& db_;
    std::map<std::string, std::int64_t> seen_;
};

}  // namespace samtal
