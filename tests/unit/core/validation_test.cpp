#include "service/core/validation.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

TEST(phone_number, normalises_swedish_and_international_numbers) {
    struct case_t {
        const char* typed;
        const char* e164;
        const char* readable;
    } cases[] = {
        {"070-123 45 67", "+46701234567", "070-123 45 67"},
        {"0701234567", "+46701234567", "070-123 45 67"},
        {"+46 70 123 45 67", "+46701234567", "070-123 45 67"},
        {"0046701234567", "+46701234567", "070-123 45 67"},
        {"08-123 456 78", "+46812345678", "08-123 456 78"},
        {"+252 61 234 5678", "+252612345678", "+252 61 2345678"},
        {"+44 20 7946 0000", "+442079460000", "+44 20 7946 0000"},
        {"+964 750 123 4567", "+9647501234567", "+964 750 123 4567"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.typed);
        auto verdict = check_phone(c.typed);
        ASSERT_TRUE(verdict.e164) << verdict.refusal;
        EXPECT_EQ(*verdict.e164, c.e164);
        EXPECT_EQ(readable_phone(*verdict.e164), c.readable);
    }
}

TEST(phone_number, refuses_with_a_reason) {
    struct case_t {
        const char* typed;
        const char* reason;
    } cases[] = {
        {"", "invalid_phone"},
        {"12345", "invalid_phone"},
        {"abc", "invalid_phone"},
        {"070-123 45 67; DROP TABLE", "invalid_phone"},
        {"+46 70 123 45 67 89 01 23 45 67 89 01 23 45 67 89", "invalid_phone"},
        {"0701", "invalid_phone"},
        {"112", "short_number"},
        {"1177", "short_number"},
        {"0900-123 45 67", "premium_phone"},
        {"0939-123 45 67", "premium_phone"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.typed);
        auto verdict = check_phone(c.typed);
        EXPECT_FALSE(verdict.e164) << *verdict.e164;
        EXPECT_EQ(verdict.refusal, c.reason);
    }
}

}  // namespace
}  // namespace samtal
