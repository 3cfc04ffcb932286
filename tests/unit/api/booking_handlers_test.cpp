// The booking API's handlers built with a booking core on a fake repository and called with
// requests, without the binary.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "service/api/handlers.hpp"
#include "support/edge_harness.hpp"

namespace samtal {
namespace {

using testing::edge_harness;
using testing::make_request;

class booking_api : public ::testing::Test {
protected:
    booking_api() {
        add_booking_routes({h_.settings.units, h_.bookings, h_.messages, h_.calendars, h_.problems,
                            h_.stats, h_.run_blocking},
                           h_.routes);
    }

    reply post_json(std::string target, std::string body) {
        return h_.call(
            make_request(http::verb::post, std::move(target), "application/json", std::move(body)));
    }

    reply with_code(http::verb method, std::string target, const std::string& code) {
        auto req = make_request(method, std::move(target));
        req.set(http::field::authorization, "Bearer " + code);
        return h_.call(std::move(req));
    }

    static boost::json::object json_of(const reply& answer) {
        return boost::json::parse(answer.body()).as_object();
    }

    edge_harness h_;
};

const std::string k_phone_booking =
    R"({"unit":"test-unit","start":"2026-11-30T09:00:00+01:00","channel":"phone",)"
    R"("phone":"070-123 45 67","language":"so","interpreter":true})";

TEST_F(booking_api, creates_finds_and_cancels_a_booking_by_its_code) {
    auto created = post_json("/api/v1/bookings", k_phone_booking);
    ASSERT_EQ(created.result(), http::status::created);
    EXPECT_EQ(created[http::field::location], "/api/v1/bookings/self");
    auto body = json_of(created);
    auto code = std::string(body.at("code").as_string());
    EXPECT_EQ(body.at("booking").at("status"), "booked");
    EXPECT_EQ(body.at("booking").at("start"), "2026-11-30T09:00:00+01:00");
    EXPECT_NE(body.at("calendar").as_string().find("BEGIN:VCALENDAR"), std::string::npos);

    auto found = with_code(http::verb::get, "/api/v1/bookings/self", code);
    EXPECT_EQ(found.result(), http::status::ok);
    EXPECT_EQ(json_of(found).at("interpreter").at("requested"), true);

    auto cancelled = with_code(http::verb::delete_, "/api/v1/bookings/self", code);
    EXPECT_EQ(json_of(cancelled).at("status"), "cancelled");
    EXPECT_EQ(with_code(http::verb::get, "/api/v1/bookings/self", code).result(),
              http::status::not_found);
}

TEST_F(booking_api, wrong_types_and_unknown_fields_are_named_and_book_nothing) {
    auto answer = post_json("/api/v1/bookings",
                            R"({"unit":"test-unit","interpreter":"yes","colour":"blue"})");
    EXPECT_EQ(answer.result(), http::status::unprocessable_entity);
    EXPECT_EQ(answer[http::field::content_type], "application/problem+json");
    auto errors = json_of(answer).at("errors").as_array();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].at("field"), "interpreter");
    EXPECT_EQ(errors[0].at("code"), "wrong_type");
    EXPECT_EQ(errors[1].at("field"), "colour");
    EXPECT_EQ(errors[1].at("code"), "unknown_field");
    EXPECT_TRUE(h_.repository.bookings().empty());
}

TEST_F(booking_api, a_body_that_is_not_json_is_refused) {
    EXPECT_EQ(
        h_.call(make_request(http::verb::post, "/api/v1/bookings", "text/plain", "{}")).result(),
        http::status::unsupported_media_type);
    EXPECT_EQ(post_json("/api/v1/bookings", "{").result(), http::status::bad_request);
}

TEST_F(booking_api, a_taken_time_is_a_conflict) {
    ASSERT_EQ(post_json("/api/v1/bookings", k_phone_booking).result(), http::status::created);
    ASSERT_EQ(post_json("/api/v1/bookings", k_phone_booking).result(), http::status::created);
    EXPECT_EQ(post_json("/api/v1/bookings", k_phone_booking).result(), http::status::conflict);
}

}  // namespace
}  // namespace samtal
