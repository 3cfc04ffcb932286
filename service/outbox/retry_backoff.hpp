// How long to wait before trying again, for invitations and calls alike: the first retry
// doubled for each attempt, capped, then "full jitter" between half and all of it so that many
// things failing together do not retry together.
#pragma once

#include <chrono>

#include "service/config/config.hpp"
#include "service/core/clock.hpp"

namespace samtal {

inline std::chrono::milliseconds retry_backoff(const outbox_config& pace, int attempts,
                                               const random_source& random) {
    auto delay = pace.first_retry.count();
    for (int i = 1; i < attempts && delay < pace.longest_retry.count(); ++i) delay *= 2;
    delay = std::min(delay, std::int64_t(pace.longest_retry.count()));
    return std::chrono::milliseconds(random(delay / 2, delay));
}

}  // namespace samtal
