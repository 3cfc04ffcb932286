#include "service/privacy/password_hash.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

TEST(password_hash, matches_only_the_password_it_was_made_from) {
    auto encoded = hash_password("correct horse battery");
    EXPECT_TRUE(encoded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << encoded;
    EXPECT_TRUE(password_matches(encoded, "correct horse battery"));
    EXPECT_FALSE(password_matches(encoded, "correct horse batterY"));
    EXPECT_NE(hash_password("correct horse battery"), encoded) << "each hash has its own salt";
}

TEST(password_hash, accepts_an_argon2id_hash_of_affordable_cost_from_elsewhere) {
    // Made by Debian's argon2 tool: printf %s demo-coordinator | argon2 samtal-demo-salt -id
    // -t 2 -k 19456 -p 1 -e
    constexpr std::string_view k_outside =
        "$argon2id$v=19$m=19456,t=2,p=1$c2FtdGFsLWRlbW8tc2FsdA$"
        "eFjCxHPORbutG0dyrw1C+dNacy3Gnn0W63NjXmdQGS8";
    EXPECT_TRUE(is_password_hash(k_outside));
    EXPECT_TRUE(password_matches(std::string(k_outside), "demo-coordinator"));
    EXPECT_TRUE(is_password_hash(hash_password("another password")));
}

TEST(password_hash, refuses_other_schemes_costs_a_sign_in_cannot_afford_and_malformed_text) {
    constexpr std::string_view k_refused[] = {
        "",
        "demo-coordinator",
        "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2d$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",  // 4 GiB a sign-in
        "$argon2id$v=19$m=19456,t=100,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=64$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$$aGFzaGhhc2g",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ",
        "$argon2id$v=19$m=19456,t=2,p=1$c2Fs dHNhbHQ$aGFzaGhhc2g",
        "$argon2id$v=19$m=-1,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$2y$10$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
    };
    for (auto encoded : k_refused) {
        SCOPED_TRACE(encoded);
        EXPECT_FALSE(is_password_hash(encoded));
    }
}

}  // namespace
}  // namespace samtal
