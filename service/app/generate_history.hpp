// samtal generate-history: fills a store with past conversations, quickly, for measuring that
// the cost of booking does not grow with history (scripts/bench, docs/performance.md).
#pragma once

#include <string>
#include <vector>

#include "service/core/wall_time.hpp"
#include "service/store/database.hpp"

namespace samtal {

// Adds `count` past conversations to `unit`'s `site`, one an hour going back from `now`,
// spread over `advisors`, a tenth of them cancelled, each with the invitations the outbox
// sent for it.
void generate_history(database& store, const std::string& unit, const std::string& site,
                      const std::vector<std::string>& advisors, sys_seconds now, int count);

}  // namespace samtal
