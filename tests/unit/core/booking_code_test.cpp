#include "service/core/booking_code.hpp"

#include <gtest/gtest.h>

#include <set>

namespace samtal {
namespace {

TEST(booking_code, is_seven_groups_of_four_unambiguous_symbols) {
    auto code = new_booking_code();
    ASSERT_EQ(code.size(), 28u + 6u);
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i % 5 == 4) {
            EXPECT_EQ(code[i], '-');
        } else {
            EXPECT_NE(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[i]),
                      std::string_view::npos);
        }
    }
}

TEST(booking_code, carries_140_bits_from_the_random_bytes) {
    std::array<unsigned char, k_booking_code_random_bytes> zeros{}, ones{};
    ones.fill(0xff);
    EXPECT_EQ(format_booking_code(zeros), "0000-0000-0000-0000-0000-0000-0000");
    EXPECT_EQ(format_booking_code(ones), "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    auto one_bit = zeros;
    one_bit[0] = 0x80;
    EXPECT_EQ(format_booking_code(one_bit), "G000-0000-0000-0000-0000-0000-0000");
}

TEST(booking_code, new_codes_differ) {
    std::set<std::string> codes;
    for (int i = 0; i < 1000; ++i) codes.insert(new_booking_code());
    EXPECT_EQ(codes.size(), 1000u);
}

TEST(booking_code, reads_what_people_type) {
    auto code = new_booking_code();
    auto canonical = canonical_booking_code(code);
    ASSERT_TRUE(canonical);
    std::string typed;
    for (char c : code) typed += c == '-' ? ' ' : char(std::tolower(c));
    EXPECT_EQ(canonical_booking_code(typed), canonical);
    std::string no_separators;
    for (char c : code)
        if (c != '-') no_separators += c;
    EXPECT_EQ(canonical_booking_code(no_separators), canonical);
    // O and 0, I/L and 1 are the same symbol.
    EXPECT_EQ(canonical_booking_code("OOOO-IIII-LLLL-0000-1111-0000-1111"),
              canonical_booking_code("0000-1111-1111-0000-1111-0000-1111"));
}

TEST(booking_code, refuses_every_wrong_shape) {
    for (const char* typed :
         {"", "ABCD", "0000-0000-0000-0000-0000-0000-000", "0000-0000-0000-0000-0000-0000-00000",
          "0000-0000-0000-0000-0000-0000-000U", "0000-0000-0000-0000-0000-0000-000!",
          "0000_0000_0000_0000_0000_0000_0000", "Bearer 0000-0000-0000-0000-0000-0000-0000",
          "0000-0000-0000-0000-0000-0000-0000\n", "ÅÄÖ0-0000-0000-0000-0000-0000-0000"}) {
        SCOPED_TRACE(typed);
        EXPECT_FALSE(canonical_booking_code(typed));
    }
    EXPECT_FALSE(canonical_booking_code(std::string(10000, '0')));
}

TEST(booking_code, hash_is_keyed) {
    secret_key a{}, b{};
    b[0] = 1;
    auto code = *canonical_booking_code(new_booking_code());
    EXPECT_EQ(booking_code_hasher(a).hash(code), booking_code_hasher(a).hash(code));
    EXPECT_NE(booking_code_hasher(a).hash(code), booking_code_hasher(b).hash(code));
    EXPECT_EQ(booking_code_hasher(a).hash(code).size(), 32u);
    EXPECT_EQ(booking_code_hasher(a).hash(code).find(code), std::string::npos);
}

}  // namespace
}  // namespace samtal
