// How an agency's callback proves it is the agency's and new: an HMAC-SHA256, keyed with the
// secret shared with the agency, over the timestamp, a dot and the exact body, sent as
//
//   Samtal-Timestamp: 1796131800            (Unix seconds when the agency sent it)
//   Samtal-Signature: v1=<64 hex digits>
//
// A callback older (or further ahead) than k_callback_max_age is refused, so that a captured one
// cannot be sent again later; within those minutes its event id and signature are remembered
// and a repeat is refused (service/store/interpreter_store.hpp).
#pragma once

#include <string>
#include <string_view>

#include "service/core/interpreter_agency.hpp"
#include "service/core/wall_time.hpp"

namespace samtal {

enum class callback_check { authentic, bad_signature, stale };

// "v1=<hex>" for `body` sent at `timestamp`.
std::string callback_signature(std::string_view secret, std::string_view timestamp,
                               std::string_view body);

// Checks the signature (in constant time) and the timestamp against `now`.
callback_check check_callback(std::string_view secret, std::string_view timestamp,
                              std::string_view signature, std::string_view body, sys_seconds now);

}  // namespace samtal
