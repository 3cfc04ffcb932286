#include "service/core/clock.hpp"

#include <random>

namespace samtal {

clock system_clock() {
    return [] {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
    };
}

random_source system_random() {
    return [](std::int64_t low, std::int64_t high) {
        static thread_local std::mt19937_64 generator{std::random_device{}()};
        return std::uniform_int_distribution<std::int64_t>(low, high)(generator);
    };
}

}  // namespace samtal
