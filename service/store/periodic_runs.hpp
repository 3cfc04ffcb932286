// Tasks that run once per period, whichever of the instances on one store gets there first
// (issue 19): the purge with its roll-up runs every minute in each instance's timer, but only
// the first instance to start it in a minute does the work. The periods are numbered (Unix
// time divided by the period's length), and the store keeps the latest one each task was
// started in.
#pragma once

#include <cstdint>
#include <string>

#include "service/store/database.hpp"

namespace samtal {

class periodic_runs {
public:
    explicit periodic_runs(database& db) : db_(db) {}

    // True for the one caller, across instances, that starts `task` in `period` first: it runs
    // the task. False when the task was started in this period (or a later one) already. A run
    // that fails is not made up within its period; the next period's run does its work.
    bool start(const std::string& task, std::int64_t period);

private:
    database& db_;
};

}  // namespace samtal
