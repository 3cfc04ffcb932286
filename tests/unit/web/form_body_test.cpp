#include "service/web/form_body.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace samtal {
namespace {

TEST(form_body, decodes_fields_with_plus_as_space) {
    auto fields = parse_form_body("phone=070-123+45+67&lang=sv&lang=so&note=%C3%A5%2B");
    ASSERT_TRUE(fields);
    EXPECT_EQ(form_value(*fields, "phone"), "070-123 45 67");
    EXPECT_EQ(form_value(*fields, "lang"), "sv");  // the first of two
    EXPECT_EQ(form_value(*fields, "note"), "å+");
    EXPECT_EQ(form_value(*fields, "missing"), "");
}

TEST(form_body, reads_only_the_bytes_it_is_given) {
    // Found by fuzzing: Boost.URL 1.81 read on to the next NUL. A body that ends where its
    // buffer ends (ASan sees the overflow) and a body that is the start of a longer buffer.
    EXPECT_TRUE(parse_form_body(std::string_view(std::make_unique<char[]>(1).get(), 0)));
    auto exact = std::make_unique<char[]>(3);
    std::copy_n("a=1", 3, exact.get());
    auto alone = parse_form_body(std::string_view(exact.get(), 3));
    ASSERT_TRUE(alone);
    EXPECT_EQ(form_value(*alone, "a"), "1");

    std::string_view longer = "a=1&b=2";
    auto prefix = parse_form_body(longer.substr(0, 3));
    ASSERT_TRUE(prefix);
    EXPECT_EQ(prefix->size(), 1u);
    EXPECT_EQ(form_value(*prefix, "b"), "");
}

TEST(form_body, refuses_invalid_encoding_and_too_many_fields) {
    EXPECT_FALSE(parse_form_body("a=%zz"));
    std::string many;
    for (std::size_t i = 0; i <= k_max_form_fields; ++i) many += "f" + std::to_string(i) + "=x&";
    EXPECT_FALSE(parse_form_body(many));
}

}  // namespace
}  // namespace samtal
