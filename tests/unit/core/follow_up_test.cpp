// The follow-up's rules: when the holder of a code may answer, that they answer once, and
// what is kept of an answer.
#include "service/core/follow_up.hpp"

#include <gtest/gtest.h>

#include "support/edge_harness.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;

class follow_up : public ::testing::Test {
protected:
    // A phone conversation on Monday 30 November 2026, 09:00-09:45 in Stockholm.
    follow_up() {
        booking_request request;
        request.unit = "test-unit";
        request.start = "2026-11-30T09:00:00+01:00";
        request.channel = "phone";
        request.phone = "070-123 45 67";
        auto created = h_.bookings.create(request);
        EXPECT_TRUE(created.ok());
        if (created) {
            code_ = created->code;
            booking_ = created->booking;
        }
    }

    static follow_up_answers some_answers() {
        follow_up_answers answers;
        answers.by_question = {5, std::nullopt, k_dont_know};
        return answers;
    }

    std::string reason(const result<follow_up_state>& given) const {
        if (given || given.error().fields.empty()) return "";
        return given.error().fields.front().field + "." + given.error().fields.front().code;
    }

    testing::edge_harness h_;
    std::string code_;
    booking_record booking_;
};

TEST_F(follow_up, is_refused_before_the_conversation_starts) {
    h_.now = sys_seconds{booking_.start} - 1s;
    EXPECT_EQ(h_.follow_ups.state_of(booking_, code_), follow_up_state::not_yet_open);
    EXPECT_EQ(reason(h_.follow_ups.answer(code_, some_answers())), "feedback.not_yet_open");
    EXPECT_TRUE(h_.follow_up_answers.entries.empty());
    EXPECT_TRUE(h_.follow_up_answers.marks.empty());
}

TEST_F(follow_up, opens_at_the_start_and_keeps_only_the_unit_the_week_and_the_answers) {
    h_.now = sys_seconds{booking_.start};
    EXPECT_EQ(h_.follow_ups.state_of(booking_, code_), follow_up_state::open);
    auto given = h_.follow_ups.answer(code_, some_answers());
    ASSERT_TRUE(given) << reason(given);
    ASSERT_EQ(h_.follow_up_answers.entries.size(), 1u);
    const auto& kept = h_.follow_up_answers.entries.front();
    EXPECT_EQ(kept.unit, "test-unit");
    EXPECT_EQ(kept.week, "2026-W49");
    EXPECT_EQ(kept.answers.by_question[0], 5);
    EXPECT_EQ(kept.answers.by_question[1], std::nullopt);
    EXPECT_EQ(kept.answers.by_question[2], k_dont_know);
    EXPECT_EQ(h_.follow_ups.state_of(booking_, code_), follow_up_state::answered);
}

TEST_F(follow_up, opens_early_once_the_advisor_marked_it_held) {
    ASSERT_LT(h_.now, sys_seconds{booking_.start});
    auto held = h_.bookings.record_outcome(booking_, "held");
    ASSERT_TRUE(held);
    EXPECT_TRUE(h_.follow_ups.answer(code_, some_answers()));
}

TEST_F(follow_up, a_second_answer_is_refused_and_changes_nothing) {
    h_.now = sys_seconds{booking_.end};
    ASSERT_TRUE(h_.follow_ups.answer(code_, some_answers()));
    // The same code typed differently is the same code.
    std::string typed = code_;
    for (auto& c : typed) c = char(std::tolower(static_cast<unsigned char>(c)));
    follow_up_answers other;
    other.by_question = {1, 1, 1};
    EXPECT_EQ(reason(h_.follow_ups.answer(typed, other)), "feedback.already_answered");
    ASSERT_EQ(h_.follow_up_answers.entries.size(), 1u);
    EXPECT_EQ(h_.follow_up_answers.entries.front().answers.by_question[0], 5);
}

TEST_F(follow_up, closes_two_weeks_after_the_end) {
    h_.now = sys_seconds{booking_.end} + k_follow_up_window;
    EXPECT_EQ(h_.follow_ups.state_of(booking_, code_), follow_up_state::open);
    h_.now += 1s;
    EXPECT_EQ(h_.follow_ups.state_of(booking_, code_), follow_up_state::closed);
    EXPECT_EQ(reason(h_.follow_ups.answer(code_, some_answers())), "feedback.closed");
    EXPECT_TRUE(h_.follow_up_answers.entries.empty());
}

TEST_F(follow_up, all_questions_skipped_is_refused_and_does_not_use_up_the_answer) {
    h_.now = sys_seconds{booking_.end};
    EXPECT_EQ(reason(h_.follow_ups.answer(code_, follow_up_answers{})),
              "feedback.nothing_answered");
    EXPECT_TRUE(h_.follow_up_answers.marks.empty());
    EXPECT_TRUE(h_.follow_ups.answer(code_, some_answers()));
}

TEST_F(follow_up, a_wrong_or_malformed_code_is_not_found) {
    h_.now = sys_seconds{booking_.end};
    EXPECT_EQ(
        h_.follow_ups.answer("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG", some_answers()).error().kind,
        failure_kind::not_found);
    EXPECT_EQ(h_.follow_ups.answer("not a code", some_answers()).error().kind,
              failure_kind::not_found);
    EXPECT_TRUE(h_.follow_up_answers.entries.empty());
}

TEST_F(follow_up, the_mark_is_not_the_code_hash) {
    h_.now = sys_seconds{booking_.end};
    ASSERT_TRUE(h_.follow_ups.answer(code_, some_answers()));
    ASSERT_EQ(h_.follow_up_answers.marks.size(), 1u);
    auto hash = booking_code_hasher(h_.code_key).hash(*canonical_booking_code(code_));
    EXPECT_NE(*h_.follow_up_answers.marks.begin(), hash);
    EXPECT_EQ(h_.follow_up_answers.marks.begin()->find(code_), std::string::npos);
}

TEST(follow_up_answer, reads_steps_dont_know_and_skipped_and_nothing_else) {
    struct example {
        std::string_view text;
        std::optional<follow_up_answer> expected;
    };
    for (const auto& c : std::vector<example>{{"1", follow_up_answer{1}},
                                              {"5", follow_up_answer{5}},
                                              {"dont_know", follow_up_answer{k_dont_know}},
                                              {"", follow_up_answer{}},
                                              {"0", std::nullopt},
                                              {"6", std::nullopt},
                                              {"55", std::nullopt},
                                              {"yes", std::nullopt}}) {
        SCOPED_TRACE(std::string(c.text));
        EXPECT_EQ(read_follow_up_answer(c.text), c.expected);
    }
}

TEST(iso_week_of, uses_the_units_wall_date_and_iso_years) {
    const auto& zone = *find_time_zone("Europe/Stockholm");
    auto at = [](int y, unsigned m, unsigned d, int hour) {
        return sys_minutes{date::sys_days{date::year{y} / m / d} + std::chrono::hours{hour}};
    };
    EXPECT_EQ(iso_week_of(at(2026, 11, 30, 8), zone), "2026-W49");
    // Sunday 23:30 UTC is already Monday in Stockholm.
    EXPECT_EQ(iso_week_of(at(2026, 12, 6, 23) + std::chrono::minutes{30}, zone), "2026-W50");
    // 1 January 2027 is a Friday: it still belongs to 2026's last week.
    EXPECT_EQ(iso_week_of(at(2027, 1, 1, 12), zone), "2026-W53");
}

}  // namespace
}  // namespace samtal
