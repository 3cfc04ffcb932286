#include "adapters/delivery/curl_call.hpp"

namespace samtal {

curl_handle new_curl_handle(std::chrono::milliseconds timeout, bool verify_tls) {
    curl_handle handle(curl_easy_init(), &curl_easy_cleanup);
    if (!handle) return handle;
    curl_easy_setopt(handle.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle.get(), CURLOPT_TIMEOUT_MS, long(timeout.count()));
    curl_easy_setopt(handle.get(), CURLOPT_CONNECTTIMEOUT_MS,
                     long(std::min<long>(timeout.count(), 10000)));
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYPEER, verify_tls ? 1L : 0L);
    curl_easy_setopt(handle.get(), CURLOPT_SSL_VERIFYHOST, verify_tls ? 2L : 0L);
    curl_easy_setopt(handle.get(), CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle.get(), CURLOPT_PROTOCOLS_STR, "http,https,smtp,smtps");
    return handle;
}

delivery_result transport_failure(CURLcode code) {
    switch (code) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_USE_SSL_FAILED:
        case CURLE_LOGIN_DENIED:
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return {delivery_status::failed_permanently, curl_easy_strerror(code), ""};
        default:
            return {delivery_status::retry_later, curl_easy_strerror(code), ""};
    }
}

delivery_status http_outcome(long status) {
    if (status >= 200 && status < 300) return delivery_status::delivered;
    if (status == 408 || status == 425 || status == 429 || status >= 500)
        return delivery_status::retry_later;
    return delivery_status::failed_permanently;
}

}  // namespace samtal
