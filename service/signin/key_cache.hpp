// The provider's signing keys, kept between sign-ins: fetched when first needed, fetched again
// when a token names a key the cached set lacks (the provider rotated its keys) or the set is
// old, and no more than once per `refetch_pause`, so that tokens with made-up kids cannot make
// samtal hammer the provider.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "service/core/clock.hpp"
#include "service/signin/id_token.hpp"
#include "service/signin/jwk_set.hpp"

namespace samtal {

class key_cache {
public:
    // Fetches the provider's JWKS document.
    using fetch = std::function<signin_result<std::string>()>;

    explicit key_cache(clock now, std::chrono::seconds max_age = std::chrono::hours(1),
                       std::chrono::seconds refetch_pause = std::chrono::seconds(30))
        : now_(std::move(now)), max_age_(max_age), refetch_pause_(refetch_pause) {}

    // A key set that has a key for `token`, or the latest set when even a fresh one has none
    // (the check then refuses with key_unknown).
    signin_result<std::shared_ptr<const jwk_set>> keys_for(const jws_token& token,
                                                           const fetch& fetch_keys);

private:
    clock now_;
    std::chrono::seconds max_age_;
    std::chrono::seconds refetch_pause_;
    std::mutex mutex_;
    std::shared_ptr<const jwk_set> keys_;
    sys_milliseconds fetched_{};
};

}  // namespace samtal
