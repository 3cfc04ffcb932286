// Counters and latency histograms in the Prometheus text format. Labels are route templates
// and status codes only: nothing here can identify a parent.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace samtal {

class metrics {
public:
    void observe_request(std::string_view route, unsigned status,
                         std::chrono::microseconds duration);
    void count(std::string_view name);  // a named event, e.g. "bookings_created"
    void set_open_connections(int count) { open_connections_ = count; }
    // A gauge with one label, e.g. ("samtal_outbox_messages", "dead", 2) renders as
    // samtal_outbox_messages{status="dead"} 2.
    void set_gauge(std::string_view name, std::string_view status, std::int64_t value);
    std::string render() const;

private:
    static constexpr std::array<double, 10> k_buckets{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   1.0};
    struct histogram {
        std::array<std::uint64_t, k_buckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
    std::map<std::string, histogram> durations_;
    std::map<std::string, std::uint64_t> events_;
    std::map<std::pair<std::string, std::string>, std::int64_t> gauges_;
    std::atomic<int> open_connections_{0};
};

}  // namespace samtal
