// The rules for what a booking change causes, without a store: who gets a REQUEST or a
// CANCEL, when an interpreter is ordered, moved or withdrawn, and when a call is dialled.
#include "service/core/booking_effects.hpp"

#include <gtest/gtest.h>

#include "support/bookings.hpp"

namespace samtal {
namespace {

using testing::at;
using testing::booking_at;

booking_record with(std::string advisor, bool interpreter,
                    booking_status status = booking_status::booked) {
    auto booking = booking_at(at(9), "uid");
    booking.advisor = std::move(advisor);
    booking.interpreter = interpreter;
    booking.status = status;
    return booking;
}

interpreter_request open_request() {
    interpreter_request request;
    request.status = interpreter_status::requested;
    return request;
}

std::vector<std::string> messages(const booking_effects& effects) {
    std::vector<std::string> out;
    for (const auto& invitation : effects.invitations)
        out.push_back(invitation.advisor + ":" + std::string(method_name(invitation.method)));
    return out;
}

const interpreter_order k_order{"email", "authorised", false, "", {"phone"}, at(8)};

TEST(booking_effects, a_new_booking_invites_its_advisor_and_orders_an_interpreter_only_if_needed) {
    auto plain = effects_of({std::nullopt, with("amina", false), std::nullopt}, k_order, false);
    EXPECT_EQ(messages(plain), std::vector<std::string>{"amina:REQUEST"});
    EXPECT_EQ(plain.interpreter, interpreter_change::none);
    EXPECT_FALSE(plain.call_at_start);

    auto needs = effects_of({std::nullopt, with("erik", true), std::nullopt}, k_order, true);
    EXPECT_EQ(needs.interpreter, interpreter_change::open);
    ASSERT_TRUE(needs.order);
    EXPECT_EQ(needs.order->agency, "email");
    EXPECT_TRUE(needs.call_at_start);
    // A unit that orders no interpreters: the advisor's invitation says so, nothing is ordered.
    EXPECT_EQ(effects_of({std::nullopt, with("erik", true), std::nullopt}, std::nullopt, false)
                  .interpreter,
              interpreter_change::none);
}

TEST(booking_effects, a_move_to_another_advisor_cancels_with_the_first_before_inviting_the_second) {
    auto moved =
        effects_of({with("amina", false), with("erik", true), std::nullopt}, k_order, false);
    EXPECT_EQ(messages(moved), (std::vector<std::string>{"amina:CANCEL", "erik:REQUEST"}));
    EXPECT_EQ(moved.interpreter, interpreter_change::open);
    auto same =
        effects_of({with("amina", false), with("amina", false), std::nullopt}, k_order, false);
    EXPECT_EQ(messages(same), std::vector<std::string>{"amina:REQUEST"});
}

TEST(booking_effects, an_open_interpreter_request_follows_a_move_or_is_withdrawn) {
    struct case_t {
        bool needed_after;
        std::optional<interpreter_order> order;
        interpreter_change expected;
    } cases[] = {
        {true, k_order, interpreter_change::follow},
        {false, k_order, interpreter_change::withdraw},      // the new advisor speaks the language
        {true, std::nullopt, interpreter_change::withdraw},  // the unit stopped ordering
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(int(c.expected));
        auto effects = effects_of(
            {with("erik", true), with("amina", c.needed_after), open_request()}, c.order, false);
        EXPECT_EQ(effects.interpreter, c.expected);
    }
    auto ended = open_request();
    ended.status = interpreter_status::declined;
    EXPECT_EQ(
        effects_of({with("erik", true), with("erik", true), ended}, k_order, false).interpreter,
        interpreter_change::open)
        << "a declined request is not moved: a new one is ordered";
}

TEST(booking_effects, a_cancellation_cancels_withdraws_destroys_the_contact_and_dials_nobody) {
    auto effects = effects_of(
        {with("erik", true), with("erik", true, booking_status::cancelled), open_request()},
        k_order, true);
    EXPECT_EQ(messages(effects), std::vector<std::string>{"erik:CANCEL"});
    EXPECT_EQ(effects.interpreter, interpreter_change::withdraw);
    EXPECT_TRUE(effects.destroy_contact);
    EXPECT_FALSE(effects.call_at_start);
}

}  // namespace
}  // namespace samtal
