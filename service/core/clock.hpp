// Time and chance as the service's rules ask for them. Both are injected wherever they decide
// behaviour (deadlines, retries, jitter), so that tests set them instead of sleeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace samtal {

using sys_milliseconds = std::chrono::sys_time<std::chrono::milliseconds>;

// The current time.
using clock = std::function<sys_milliseconds()>;

// The system's clock.
clock system_clock();

// The clock's time to the second, as bookings, deadlines and calendars keep time.
inline std::chrono::sys_seconds now_in_seconds(const clock& now) {
    return std::chrono::floor<std::chrono::seconds>(now());
}

// A whole number drawn evenly from [low, high].
using random_source = std::function<std::int64_t(std::int64_t low, std::int64_t high)>;

// Draws from a generator seeded by the system's entropy, one per thread.
random_source system_random();

}  // namespace samtal
