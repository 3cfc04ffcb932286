// The follow-up answers in memory, for tests of the core and the pages without SQLite.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "service/core/follow_up.hpp"

namespace samtal::testing {

class fake_follow_up_repository : public follow_up_repository {
public:
    bool record(const follow_up_entry& entry, const std::string& mark) override {
        if (!marks.insert(mark).second) return false;
        entries.push_back(entry);
        return true;
    }
    bool answered(const std::string& mark) override { return marks.count(mark) > 0; }

    std::vector<follow_up_entry> entries;
    std::set<std::string> marks;
};

}  // namespace samtal::testing
