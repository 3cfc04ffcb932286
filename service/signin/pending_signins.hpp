// The sign-ins that went to the provider and have not come back: what the callback needs
// (nonce, PKCE verifier) kept server-side under the state, each usable once and for a few
// minutes, so that a replayed, forged or stale callback finds nothing.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "service/core/clock.hpp"

namespace samtal {

struct pending_signin {
    std::string state;
    std::string nonce;
    std::string code_verifier;
    sys_milliseconds started;
};

class pending_signins {
public:
    // Entries older than `lifetime` are gone; beyond `capacity` the oldest make room.
    explicit pending_signins(clock now, std::chrono::seconds lifetime = std::chrono::minutes(10),
                             std::size_t capacity = 10000)
        : now_(std::move(now)), lifetime_(lifetime), capacity_(capacity) {}

    void keep(pending_signin signin);

    // The sign-in started with `state`, removed so that it cannot be taken twice; nullopt when
    // there is none or it is too old.
    std::optional<pending_signin> take(std::string_view state);

    std::size_t size() const;

private:
    void forget_expired();

    clock now_;
    std::chrono::seconds lifetime_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::map<std::string, pending_signin, std::less<>> by_state_;
};

}  // namespace samtal
