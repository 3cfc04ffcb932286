#include "service/web/form_token.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

secret_key key_with(unsigned char first) {
    secret_key key{};
    key[0] = first;
    return key;
}

const sys_seconds k_noon = date::sys_days{date::year{2026} / 12 / 1} + hours(12);

TEST(form_token_signer, accept_their_own_token_for_its_form_while_it_is_fresh) {
    form_token_signer tokens(key_with(1));
    auto token = tokens.issue("/book", k_noon);
    EXPECT_TRUE(tokens.verify(token, "/book", k_noon));
    EXPECT_TRUE(tokens.verify(token, "/book", k_noon + hours(4)));
    // A second instance whose clock is a little behind still accepts it.
    EXPECT_TRUE(tokens.verify(token, "/book", k_noon - seconds(30)));
}

TEST(form_token_signer, refuse_an_expired_token) {
    form_token_signer tokens(key_with(1));
    auto token = tokens.issue("/book", k_noon);
    EXPECT_FALSE(tokens.verify(token, "/book", k_noon + hours(4) + seconds(1)));
    form_token_signer short_lived(key_with(1), minutes(5));
    EXPECT_FALSE(short_lived.verify(token, "/book", k_noon + minutes(6)));
}

TEST(form_token_signer, refuse_a_token_from_the_future) {
    form_token_signer tokens(key_with(1));
    EXPECT_FALSE(tokens.verify(tokens.issue("/book", k_noon + minutes(5)), "/book", k_noon));
}

TEST(form_token_signer, refuse_a_token_for_another_form_or_from_another_key) {
    form_token_signer tokens(key_with(1));
    auto token = tokens.issue("/booking/move", k_noon);
    EXPECT_FALSE(tokens.verify(token, "/booking/cancel", k_noon));
    EXPECT_FALSE(form_token_signer(key_with(2)).verify(token, "/booking/move", k_noon));
}

TEST(form_token_signer, refuse_forged_and_malformed_tokens) {
    form_token_signer tokens(key_with(1));
    auto token = tokens.issue("/book", k_noon);
    auto dot = token.find('.');
    ASSERT_NE(dot, std::string::npos);
    // The same signature with a later issue time: the time is signed too.
    auto later = std::to_string(std::stoll(token.substr(0, dot)) + 3600) + token.substr(dot);
    auto flipped = token;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    for (const std::string& forged :
         {std::string(), std::string("."), later, flipped, token.substr(0, token.size() - 1),
          token + "0", token.substr(dot), "-1" + token.substr(dot), "+" + token,
          token.substr(0, dot) + ".", "99999999999999999999" + token.substr(dot)}) {
        SCOPED_TRACE(forged);
        EXPECT_FALSE(tokens.verify(forged, "/book", k_noon));
    }
}

}  // namespace
}  // namespace samtal
