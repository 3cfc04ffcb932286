#include "service/signin/key_cache.hpp"

namespace samtal {

signin_result<std::shared_ptr<const jwk_set>> key_cache::keys_for(const jws_token& token,
                                                                  const fetch& fetch_keys) {
    std::lock_guard lock(mutex_);
    auto now = now_();
    bool fits = keys_ && keys_->find(token.kid, *token.algorithm);
    bool fresh = keys_ && now - fetched_ < max_age_;
    bool may_fetch = !keys_ || now - fetched_ >= refetch_pause_;
    if ((fits && fresh) || !may_fetch) return keys_;
    auto document = fetch_keys();
    if (!document) {
        // Keys a little old are better than none while the provider is briefly away.
        if (fits) return keys_;
        return document.error();
    }
    auto parsed = jwk_set::parse(*document);
    if (!parsed) return parsed.error();
    keys_ = std::make_shared<const jwk_set>(std::move(*parsed));
    fetched_ = now;
    return keys_;
}

}  // namespace samtal
