// A small blocking HTTP/1.1 client for tests, over loopback.
#pragma once

#include <map>
#include <string>

namespace samtal::testing {

struct http_answer {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    std::string header(const std::string& name) const {
        auto found = headers.find(name);
        return found == headers.end() ? "" : found->second;
    }
};

// One request on a new connection.
http_answer http_request(unsigned short port, const std::string& method, const std::string& target,
                         const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {});

// Writes raw bytes and reads until the server closes or `timeout_ms` passes; returns what came.
std::string raw_exchange(unsigned short port, const std::string& bytes, int timeout_ms = 5000);

}  // namespace samtal::testing
