#include "service/outbox/claimed_work.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace samtal {
namespace {

using namespace std::chrono_literals;

// A store of due rows as work_through_due uses one: the rows it hands out, and what became of
// each.
struct rows_in_memory {
    std::vector<int> due;
    std::vector<std::string> fate;

    std::vector<int> claim_due(std::int64_t, int limit, std::chrono::milliseconds) {
        auto claimed = std::vector<int>(
            due.begin(), due.begin() + std::min<std::size_t>(due.size(), std::size_t(limit)));
        due.erase(due.begin(), due.begin() + std::ptrdiff_t(claimed.size()));
        return claimed;
    }
    void record(int row) { fate.push_back(std::to_string(row) + " done"); }
    void give_back(int row) { fate.push_back(std::to_string(row) + " given back"); }
};

TEST(claimed_work, records_each_rows_result_in_turn) {
    rows_in_memory store{{1, 2, 3}, {}};
    EXPECT_EQ(work_through_due(store, 0, 2, 1min, [](int row) { return row; }), 2);
    EXPECT_EQ(store.fate, (std::vector<std::string>{"1 done", "2 done"}));
}

// Another instance may take a row over once its lease runs out: an attempt begins only in the
// first half of the lease, and the rest of the batch goes back at once.
TEST(claimed_work, gives_back_the_rows_it_has_no_time_left_for) {
    rows_in_memory store{{1, 2, 3}, {}};
    EXPECT_EQ(work_through_due(store, 0, 3, 1000ms,
                               [](int row) {
                                   std::this_thread::sleep_for(600ms);
                                   return row;
                               }),
              3);
    EXPECT_EQ(store.fate, (std::vector<std::string>{"1 done", "2 given back", "3 given back"}));
}

}  // namespace
}  // namespace samtal
