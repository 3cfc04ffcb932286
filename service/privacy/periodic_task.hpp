// Runs a piece of background work (the purge of expired contact data) every so often on a
// thread of its own, until stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace samtal {

class periodic_task {
public:
    periodic_task(std::chrono::milliseconds interval, std::function<void()> work)
        : interval_(interval), work_(std::move(work)) {}
    ~periodic_task() { stop(); }

    void start() {
        thread_ = std::jthread([this](std::stop_token stop) {
            while (!stop.stop_requested()) {
                work_();
                std::unique_lock lock(mutex_);
                stopped_.wait_for(lock, stop, interval_, [] { return false; });
            }
        });
    }

    void stop() {
        if (!thread_.joinable()) return;
        thread_.request_stop();
        thread_.join();
    }

private:
    std::chrono::milliseconds interval_;
    std::function<void()> work_;
    std::mutex mutex_;
    std::condition_variable_any stopped_;
    std::jthread thread_;
};

}  // namespace samtal
