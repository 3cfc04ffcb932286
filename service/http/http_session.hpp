// One HTTP/1.1 connection, plain or over TLS: reads a request with bounded time and size,
// routes it, writes the answer, and keeps the connection alive while the client wants it and
// the server runs. Requests on a connection are answered one at a time, in order; pipelined
// requests wait in the bounded read buffer. The session itself lives in http_session.cpp, so
// that only that file compiles Beast's streams and OpenSSL's headers.
#pragma once

#include <memory>

#include "service/http/server.hpp"

namespace samtal {

// What the server needs of an open connection at shutdown.
class connection {
public:
    virtual ~connection() = default;

    // Closes the connection if it is waiting for a request; otherwise it closes after the
    // response in flight. Safe from any thread.
    virtual void close_when_idle() = 0;
};

// Serves a freshly accepted connection: over TLS with the current certificate when the server
// has one, else plain HTTP.
void start_session(tcp::socket&& socket, const std::shared_ptr<server_state>& state);

}  // namespace samtal
