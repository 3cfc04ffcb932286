// Handing blocking work (the store, anything that may wait) off the I/O threads. Handlers
// take a run_blocking_fn rather than the pool, so a test can run the work on its own thread.
#pragma once

#include <functional>

#include "service/http/router.hpp"

namespace samtal {

// Runs `work` where blocking is allowed and answers `respond` with its reply; a failure of
// the work (an exception) answers 503 without detail.
using run_blocking_fn =
    std::function<void(const request& req, respond_fn respond, std::function<reply()> work)>;

}  // namespace samtal
