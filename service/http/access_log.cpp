#include "service/http/access_log.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <ctime>

namespace samtal {
namespace {

// A log line is built in one buffer and written with one write(2): lines from several threads
// never interleave (stderr is a pipe or the journal's stream, and a write this short is not
// split), and no lock is taken per request.
class line_buffer {
public:
    void add(std::string_view text) {
        auto n = std::min(text.size(), sizeof data_ - 1 - size_);
        std::memcpy(data_ + size_, text.data(), n);
        size_ += n;
    }
    void add(std::uint64_t number) {
        size_ =
            std::size_t(std::to_chars(data_ + size_, data_ + sizeof data_ - 1, number).ptr - data_);
    }
    // Three digits after the point, as "%.3f" would print it.
    void add_milliseconds(std::chrono::microseconds duration) {
        auto micros = std::uint64_t(std::max<std::int64_t>(duration.count(), 0));
        add(micros / 1000);
        char fraction[4] = {'.', char('0' + micros % 1000 / 100), char('0' + micros % 100 / 10),
                            char('0' + micros % 10)};
        add(std::string_view(fraction, 4));
    }
    void write() {
        data_[size_++] = '\n';
        // Nothing sensible can be done when the log cannot be written.
        [[maybe_unused]] auto written = ::write(STDERR_FILENO, data_, size_);
    }

private:
    char data_[2048];
    std::size_t size_ = 0;
};

// UTC with milliseconds, "2026-11-23T09:32:11.123Z". The date and time are formatted once a
// second per thread; only the milliseconds are new for each line.
void add_timestamp(line_buffer& line) {
    thread_local std::time_t formatted_second = -1;
    thread_local char formatted[24];
    auto now = std::chrono::system_clock::now();
    auto seconds = std::chrono::system_clock::to_time_t(now);
    if (seconds != formatted_second) {
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        std::strftime(formatted, sizeof formatted, "%Y-%m-%dT%H:%M:%S.", &utc);
        formatted_second = seconds;
    }
    line.add(formatted);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    char digits[5] = {char('0' + millis / 100), char('0' + millis / 10 % 10),
                      char('0' + millis % 10), 'Z', '\0'};
    line.add(digits);
}

}  // namespace

void access_log::request(std::string_view request_id, std::string_view method,
                         std::string_view route, unsigned status,
                         std::chrono::microseconds duration) {
    line_buffer line;
    line.add("ts=");
    add_timestamp(line);
    line.add(" level=info event=request id=");
    line.add(request_id);
    line.add(" method=");
    line.add(method);
    line.add(" route=");
    line.add(route);
    line.add(" status=");
    line.add(std::uint64_t(status));
    line.add(" duration_ms=");
    line.add_milliseconds(duration);
    line.write();
}

void access_log::event(std::string_view level, std::string_view message) {
    line_buffer line;
    line.add("ts=");
    add_timestamp(line);
    line.add(" level=");
    line.add(level);
    line.add(" event=service msg=\"");
    line.add(message);
    line.add("\"");
    line.write();
}

}  // namespace samtal
