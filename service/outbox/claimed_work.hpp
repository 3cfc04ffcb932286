// One pass of the outbox worker's thread over a kind of due rows that instances share through
// leases (store/row_leases.hpp): the invitations, the three-way calls and the text reminders.
#pragma once

#include <chrono>
#include <cstdint>
#include <utility>

namespace samtal {

// Claims at most `limit` of the rows `store` has due at `now_ms`, leased for `lease`, and
// records each one's result as `attempt` makes it before the next one starts: a crash loses
// at most the row in hand, which another instance claims once its lease has run out. An
// attempt begins only in the first half of the lease (the configuration makes an attempt's
// calls take less than that), so that it ends before another instance may take the row over;
// rows not begun by then go back at once. Returns how many rows were claimed (a full batch
// means more may be waiting).
template <typename Store, typename Attempt>
int work_through_due(Store& store, std::int64_t now_ms, int limit, std::chrono::milliseconds lease,
                     Attempt&& attempt) {
    auto claimed = store.claim_due(now_ms, limit, lease);
    auto too_late = std::chrono::steady_clock::now() + lease / 2;
    for (auto& row : claimed) {
        if (std::chrono::steady_clock::now() < too_late)
            store.record(attempt(std::move(row)));
        else
            store.give_back(row);
    }
    return int(claimed.size());
}

}  // namespace samtal
