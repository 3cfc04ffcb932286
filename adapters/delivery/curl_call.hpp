// One blocking libcurl transfer with the settings every outgoing call shares (timeouts, TLS
// verification, no signals), and the classification of its failure into retry or give up.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "service/core/invitation_delivery.hpp"

namespace samtal {

using curl_handle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

// A handle with a total timeout, TLS verification as given, no redirects followed and no
// signals (the worker is a thread).
curl_handle new_curl_handle(std::chrono::milliseconds timeout, bool verify_tls);

// Transport failures (no answer at all) are worth retrying unless they are about trust or
// configuration, which only an operator can fix.
delivery_result transport_failure(CURLcode code);

// An HTTP status as a delivery outcome: 2xx delivered; 408, 425, 429 and 5xx retried; other
// 4xx given up.
delivery_status http_outcome(long status);

}  // namespace samtal
