// How long to wait before trying again, for invitations and calls alike: the first retry
// doubled for each attempt, capped, then "full jitter" between half and all of it so that many
// things failing together do not retry together.
#pragma once

#include <chrono>
#include <random>

#include "service/config/config.hpp"

namespace samtal {

inline std::chrono::milliseconds retry_backoff(const outbox_config& pace, int attempts) {
    auto delay = pace.first_retry.count();
    for (int i = 1; i < attempts && delay < pace.longest_retry.count(); ++i) delay *= 2;
    delay = std::min(delay, std::int64_t(pace.longest_retry.count()));
    static thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_int_distribution<std::int64_t> jitter(delay / 2, delay);
    return std::chrono::milliseconds(jitter(random));
}

}  // namespace samtal
