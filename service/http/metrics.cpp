#include "service/http/metrics.hpp"

#include <sstream>

namespace samtal {
namespace {

// The HELP text of each gauge the service sets. A gauge missing here goes out without one,
// and the promtool check of /metrics in the tests fails.
constexpr std::pair<std::string_view, std::string_view> k_gauge_help[] = {
    {"samtal_outbox_messages",
     "Outbox messages (invitations and agency requests) by status: pending, sent, dead, "
     "superseded."},
    {"samtal_dial_jobs", "Three-way phone calls by status: pending, dialled, dead."},
    {"samtal_conversations",
     "Booked conversations still to come by status: needs_decision (their advisor is away or "
     "retired then and no free advisor could take them over)."},
};

void write_gauge_help(std::ostream& out, std::string_view gauge) {
    for (const auto& [name, help] : k_gauge_help)
        if (name == gauge) out << "# HELP " << name << " " << help << "\n";
}

}  // namespace

void metrics::observe_request(std::string_view route, unsigned status,
                              std::chrono::microseconds duration) {
    double seconds = double(duration.count()) / 1e6;
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(route), status}];
    auto& h = durations_[std::string(route)];
    for (std::size_t i = 0; i < k_buckets.size(); ++i)
        if (seconds <= k_buckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void metrics::count(std::string_view name) {
    std::lock_guard lock(mutex_);
    ++events_[std::string(name)];
}

void metrics::set_gauge(std::string_view name, std::string_view status, std::int64_t value) {
    std::lock_guard lock(mutex_);
    gauges_[{std::string(name), std::string(status)}] = value;
}

std::string metrics::render() const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP samtal_http_requests_total HTTP requests by route template and status.\n"
           "# TYPE samtal_http_requests_total counter\n";
    for (const auto& [key, value] : requests_)
        out << "samtal_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
            << "\"} " << value << "\n";
    out << "# HELP samtal_http_request_duration_seconds Time from a complete request to its "
           "response.\n"
           "# TYPE samtal_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : durations_) {
        for (std::size_t i = 0; i < k_buckets.size(); ++i)
            out << "samtal_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
                << k_buckets[i] << "\"} " << h.buckets[i] << "\n";
        out << "samtal_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
            << h.count << "\n";
        out << "samtal_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum
            << "\n";
        out << "samtal_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count
            << "\n";
    }
    out << "# HELP samtal_events_total Service events (bookings created, cancelled, moved, refused "
           "connections).\n"
           "# TYPE samtal_events_total counter\n";
    for (const auto& [name, value] : events_)
        out << "samtal_events_total{event=\"" << name << "\"} " << value << "\n";
    std::string last_gauge;
    for (const auto& [key, value] : gauges_) {
        if (key.first != last_gauge) {
            write_gauge_help(out, key.first);
            out << "# TYPE " << key.first << " gauge\n";
        }
        last_gauge = key.first;
        out << key.first << "{status=\"" << key.second << "\"} " << value << "\n";
    }
    out << "# HELP samtal_open_connections Open HTTP connections.\n# TYPE samtal_open_connections "
           "gauge\n"
        << "samtal_open_connections " << open_connections_ << "\n";
    return out.str();
}

}  // namespace samtal
