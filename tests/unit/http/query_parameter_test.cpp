#include <gtest/gtest.h>

#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

TEST(query_parameter, reads_decoded_values_and_keeps_plus_signs) {
    EXPECT_EQ(query_parameter("/a?unit=x&from=2026-12-01T17:00:00+01:00", "from"),
              "2026-12-01T17:00:00+01:00");
    EXPECT_EQ(query_parameter("/a?unit=x&from=2026-12-01T17:00:00%2B01:00", "from"),
              "2026-12-01T17:00:00+01:00");
    EXPECT_EQ(query_parameter("/a?unit=x", "from"), "");
    EXPECT_EQ(query_parameter("/a", "unit"), "");
}

TEST(query_parameter, the_last_value_ends_where_the_target_ends) {
    // A request target is a view into the read buffer, with the rest of the request after it.
    std::string buffer =
        "/api/v1/availability?unit=u&to=2026-12-07T10:25:00Z HTTP/1.1\r\nHost: x\r\n\r\n";
    std::string_view target(buffer.data(), buffer.find(' '));
    EXPECT_EQ(query_parameter(target, "to"), "2026-12-07T10:25:00Z");
}

}  // namespace
}  // namespace samtal
