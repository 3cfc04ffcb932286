// Tokens that prove a form post comes from a page this service rendered recently, without a
// cookie or any state on the server (the privacy page promises no cookies). A token names the
// form it was issued for and when; it is signed with a key derived from the code key.
//
// A token is the same for every visitor, so it stops blind and replayed posts, not a site that
// fetches a fresh page first: that is what the Sec-Fetch-Site/Origin check beside it is for.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "service/core/wall_time.hpp"
#include "service/privacy/secret_key.hpp"

namespace samtal {

// Long enough for a parent who is interrupted while filling in the form, short enough that a
// token copied out of a page goes stale the same day.
inline constexpr std::chrono::seconds k_form_token_lifetime = std::chrono::hours(4);

class form_token_signer {
public:
    // `code_key` is the service's booking-code key; the tokens use a key derived from it, so
    // that a token can never be mistaken for (or help compute) a code hash.
    explicit form_token_signer(const secret_key& code_key,
                               std::chrono::seconds lifetime = k_form_token_lifetime);

    // "<issued unix seconds>.<32 hex digits>" for the form that posts to `purpose`.
    std::string issue(std::string_view purpose, sys_seconds now) const;

    // True when `token` was issued by issue() for `purpose`, at most `lifetime` before `now`
    // and not more than a minute after it (clocks of several instances may differ a little).
    bool verify(std::string_view token, std::string_view purpose, sys_seconds now) const;

private:
    std::string signature(std::string_view purpose, long long issued) const;

    secret_key key_;
    std::chrono::seconds lifetime_;
};

}  // namespace samtal
