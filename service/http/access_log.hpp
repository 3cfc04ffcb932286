// One line per request on standard error: a request id, the method, the route template (never
// the raw target, which could carry identifying text), the status and the duration.
#pragma once

#include <chrono>
#include <string_view>

namespace samtal {

class access_log {
public:
    void request(std::string_view request_id, std::string_view method, std::string_view route,
                 unsigned status, std::chrono::microseconds duration);

    // A service event: start-up, shutdown, a failure with no parent data in `message`.
    void event(std::string_view level, std::string_view message);
};

}  // namespace samtal
