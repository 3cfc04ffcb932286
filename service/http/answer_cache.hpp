// Answers that follow from the question, the bookings and the current minute alone (the API's
// free times, the web's booking form), kept until the next booking change or the next minute.
// A repeated question is then answered on the I/O thread from memory, without a trip to the
// store, and compressed already for the clients that take gzip.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "service/http/kept_body.hpp"

namespace samtal {

class answer_cache {
public:
    // When an answer was computed: the bookings' generation and the minute.
    struct stamp {
        std::uint64_t generation = 0;
        std::int64_t minute = 0;
        bool operator==(const stamp&) const = default;
    };

    stamp now() const {
        std::lock_guard lock(mutex_);
        return {generation_, current_minute()};
    }

    kept_body_ptr find(const std::string& question) const {
        std::lock_guard lock(mutex_);
        auto found = answers_.find(question);
        if (found == answers_.end() ||
            !(found->second.computed == stamp{generation_, current_minute()}))
            return nullptr;
        return found->second.body;
    }

    // Keeps an answer computed at `computed`, unless the bookings changed or the minute turned
    // since (then it may already be wrong).
    void store(const std::string& question, stamp computed, kept_body_ptr body) {
        std::lock_guard lock(mutex_);
        if (!(computed == stamp{generation_, current_minute()})) return;
        // Questions come from outside: bound the memory they can take.
        if (answers_.size() >= k_max_answers) answers_.clear();
        answers_[question] = {computed, std::move(body)};
    }

    // A booking was made, moved or cancelled: every kept answer may be wrong now.
    void bookings_changed() {
        std::lock_guard lock(mutex_);
        ++generation_;
        answers_.clear();
    }

private:
    static constexpr std::size_t k_max_answers = 256;

    // The minute as the booking core counts it: the earliest bookable time is the next whole
    // minute after the current second, so 12:00:01 to 12:01:00 give the same answers.
    static std::int64_t current_minute() {
        auto second = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        return std::chrono::ceil<std::chrono::minutes>(second).time_since_epoch().count();
    }

    struct answer {
        stamp computed;
        kept_body_ptr body;
    };
    mutable std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::unordered_map<std::string, answer> answers_;
};

}  // namespace samtal
