#include "service/edge/booking_request_reader.hpp"

#include <gtest/gtest.h>

#include "service/api/json_io.hpp"
#include "service/web/form_guard.hpp"

namespace samtal {
namespace {

TEST(booking_request_reader, a_form_and_a_json_body_with_the_same_fields_read_alike) {
    auto form = parse_form_body(
        "unit=u&start=2026-12-01T17%3A00%3A00%2B01%3A00&channel=video&platform=zoom&"
        "hosting=parent&join_link=https%3A%2F%2Fzoom.us%2Fj%2F1&phone=&language=so&"
        "interpreter=yes&interpreter_gender=female&topic=sleep&parent_role=mother&dialect=x");
    ASSERT_TRUE(form);
    form_reader form_fields(*form);
    auto from_form = read_booking_request(form_fields);

    auto object = parse_json_object(
        R"({"unit":"u","start":"2026-12-01T17:00:00+01:00","channel":"video",)"
        R"("platform":"zoom","hosting":"parent","join_link":"https://zoom.us/j/1","phone":"",)"
        R"("language":"so","interpreter":true,"interpreter_gender":"female","topic":"sleep",)"
        R"("parent_role":"mother","dialect":"x"})");
    ASSERT_TRUE(object);
    json_fields json(*object);
    auto from_json = read_booking_request(json);
    EXPECT_TRUE(json.errors().empty());

    for (const auto* read : {&from_form, &from_json}) {
        EXPECT_EQ(read->unit, "u");
        EXPECT_EQ(read->start, "2026-12-01T17:00:00+01:00");
        EXPECT_EQ(read->channel, "video");
        EXPECT_EQ(read->platform, "zoom");
        EXPECT_EQ(read->hosting, "parent");
        EXPECT_EQ(read->join_link, "https://zoom.us/j/1");
        EXPECT_EQ(read->language, "so");
        EXPECT_TRUE(read->interpreter);
        EXPECT_EQ(read->interpreter_gender, "female");
        EXPECT_EQ(read->topic, "sleep");
        EXPECT_EQ(read->parent_role, "mother");
        EXPECT_EQ(read->dialect, "x");
    }
}

TEST(booking_request_reader, a_form_checkbox_is_set_by_yes_or_on) {
    for (const auto& [body, expected] :
         {std::pair{"interpreter=yes", true}, std::pair{"interpreter=on", true},
          std::pair{"interpreter=no", false}, std::pair{"", false}}) {
        SCOPED_TRACE(body);
        auto fields = parse_form_body(body);
        ASSERT_TRUE(fields);
        form_reader reader(*fields);
        EXPECT_EQ(read_booking_request(reader).interpreter, expected);
    }
}

}  // namespace
}  // namespace samtal
