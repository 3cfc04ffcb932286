#include "service/http/access_log.hpp"

#include <cstdio>
#include <ctime>

namespace samtal {
namespace {

// UTC with milliseconds; the buffer holds "2026-11-23T09:32:11.123Z".
void timestamp(char (&out)[32]) {
    auto now = std::chrono::system_clock::now();
    auto seconds = std::chrono::system_clock::to_time_t(now);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    std::size_t n = std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(out + n, sizeof out - n, ".%03dZ", int(millis));
}

}  // namespace

void access_log::request(std::string_view request_id, std::string_view method,
                         std::string_view route, unsigned status,
                         std::chrono::microseconds duration) {
    char when[32];
    timestamp(when);
    std::lock_guard lock(mutex_);
    std::fprintf(stderr,
                 "ts=%s level=info event=request id=%.*s method=%.*s route=%.*s status=%u "
                 "duration_ms=%.3f\n",
                 when, int(request_id.size()), request_id.data(), int(method.size()), method.data(),
                 int(route.size()), route.data(), status, double(duration.count()) / 1000.0);
}

void access_log::event(std::string_view level, std::string_view message) {
    char when[32];
    timestamp(when);
    std::lock_guard lock(mutex_);
    std::fprintf(stderr, "ts=%s level=%.*s event=service msg=\"%.*s\"\n", when, int(level.size()),
                 level.data(), int(message.size()), message.data());
}

}  // namespace samtal
