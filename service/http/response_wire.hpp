// An answer as it leaves the server: the headers every answer carries, and its status line
// and fields as HTTP/1.x puts them on the wire.
#pragma once

#include <string>

#include "service/http/router.hpp"

namespace samtal {

// Headers every answer carries (design.md: nothing cached, nothing framed, no referrers).
void add_standard_headers(response& res, const std::string& request_id, bool over_tls);

// The status line and fields of `res` as HTTP/1.x puts them on the wire. Every answer has its
// Content-Length (or none, and closes), never chunks.
void write_header(const response& res, std::string& out);

}  // namespace samtal
