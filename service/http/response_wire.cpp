#include "service/http/response_wire.hpp"

#include <charconv>

namespace samtal {

void add_standard_headers(response& res, const std::string& request_id, bool over_tls) {
    res.set("X-Request-Id", request_id);
    if (res.find(http::field::cache_control) == res.end())
        res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    if (res.find("Content-Security-Policy") == res.end())
        res.set(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
            "base-uri 'none'; object-src 'none'");
    // Only over TLS: a browser ignores it over plain HTTP, and behind a proxy the proxy,
    // which knows whether it serves HTTPS, sets it.
    if (over_tls) res.set(http::field::strict_transport_security, "max-age=31536000");
}

void write_header(const response& res, std::string& out) {
    out.clear();
    out += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    char status[8];
    auto end = std::to_chars(status, status + sizeof status, res.result_int()).ptr;
    out.append(status, end);
    out += ' ';
    out += res.reason();
    out += "\r\n";
    for (const auto& field : res) {
        out += field.name_string();
        out += ": ";
        out += field.value();
        out += "\r\n";
    }
    out += "\r\n";
}

}  // namespace samtal
