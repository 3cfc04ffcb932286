// The statistics' periods and the rule that hides small counts.
#include "service/core/statistics.hpp"

#include <gtest/gtest.h>

#include "support/test_config.hpp"

namespace samtal {
namespace {

// Answers every period with the same counts, and remembers what it was asked.
class fixed_counts : public statistics_repository {
public:
    booking_counts period_counts(const period_question& question) override {
        questions.push_back(question);
        ranges.push_back({question.rows.front().range.from, question.rows.back().range.to});
        return counts;
    }
    bool any_rolled_up(const std::string&, const std::string&, const std::string&) override {
        return rolled;
    }
    feedback_counts feedback(const std::string&, const std::string& first,
                             const std::string& last) override {
        weeks.emplace_back(first, last);
        return answers;
    }

    booking_counts counts;
    feedback_counts answers;
    bool rolled = false;
    std::vector<period_question> questions;
    std::vector<instant_range> ranges;
    std::vector<std::pair<std::string, std::string>> weeks;
};

class statistics : public ::testing::Test {
protected:
    result<std::vector<statistics_period>> ask(std::string from, std::string to,
                                               std::string by = "") {
        return unit_statistics(settings_.units.front(), {from, to, by}, store_);
    }

    config settings_ = testing::test_config();
    fixed_counts store_;
};

TEST_F(statistics, months_run_from_midnight_to_midnight_in_the_units_zone) {
    auto periods = ask("2026-10-15", "2026-11-02");
    ASSERT_TRUE(periods);
    ASSERT_EQ(periods->size(), 2u);
    EXPECT_EQ(periods.value()[0].name, "2026-10");
    EXPECT_EQ(periods.value()[1].name, "2026-11");
    // October 2026 starts at 22:00 UTC the day before (summer time) and ends at 23:00 UTC
    // (winter time).
    EXPECT_EQ(store_.ranges[0].from,
              sys_seconds{date::sys_days{date::year{2026} / 9 / 30}} + std::chrono::hours{22});
    EXPECT_EQ(store_.ranges[0].to,
              sys_seconds{date::sys_days{date::year{2026} / 10 / 31}} + std::chrono::hours{23});
    // A month's answers are those of the ISO weeks whose Thursday falls in it.
    EXPECT_EQ(store_.weeks[0], (std::pair<std::string, std::string>{"2026-W40", "2026-W44"}));
    EXPECT_EQ(store_.weeks[1], (std::pair<std::string, std::string>{"2026-W45", "2026-W48"}));
    // The daily roll-up by day, the older monthly one by the whole month.
    EXPECT_EQ(store_.questions[0].first_day, "2026-10-01");
    EXPECT_EQ(store_.questions[0].last_day, "2026-10-31");
    EXPECT_EQ(store_.questions[0].first_month, "2026-10");
    EXPECT_EQ(store_.questions[0].last_month, "2026-10");
    // Summer time ends on 25 October: the rows are asked for with each offset apart.
    ASSERT_EQ(store_.questions[0].rows.size(), 2u);
    EXPECT_EQ(store_.questions[0].rows[0].offset, std::chrono::hours{2});
    EXPECT_EQ(store_.questions[0].rows[1].offset, std::chrono::hours{1});
    EXPECT_EQ(store_.questions[0].rows[1].range.from,
              sys_seconds{date::sys_days{date::year{2026} / 10 / 25}} + std::chrono::hours{1});
    EXPECT_EQ(store_.questions[0].evening_from, std::chrono::hours{17});
}

TEST_F(statistics, years_run_from_new_year_to_new_year_with_their_iso_weeks) {
    auto periods = ask("2025-06-01", "2026-02-01", "year");
    ASSERT_TRUE(periods);
    ASSERT_EQ(periods->size(), 2u);
    EXPECT_EQ(periods.value()[0].name, "2025");
    EXPECT_EQ(periods.value()[0].first_day, date::year{2025} / 1 / 1);
    EXPECT_EQ(periods.value()[1].last_day, date::year{2026} / 12 / 31);
    EXPECT_EQ(store_.ranges[1].from,
              sys_seconds{date::sys_days{date::year{2025} / 12 / 31}} + std::chrono::hours{23});
    EXPECT_EQ(store_.questions[0].first_month, "2025-01");
    EXPECT_EQ(store_.questions[0].last_month, "2025-12");
    EXPECT_EQ(store_.questions[1].first_day, "2026-01-01");
    EXPECT_EQ(store_.questions[1].last_day, "2026-12-31");
    EXPECT_EQ(store_.weeks[0], (std::pair<std::string, std::string>{"2025-W01", "2025-W52"}));
    EXPECT_EQ(store_.weeks[1], (std::pair<std::string, std::string>{"2026-W01", "2026-W53"}));
}

TEST_F(statistics, weeks_run_monday_to_sunday) {
    auto periods = ask("2026-12-02", "2026-12-14", "week");
    ASSERT_TRUE(periods);
    ASSERT_EQ(periods->size(), 3u);
    EXPECT_EQ(periods.value()[0].name, "2026-W49");
    EXPECT_EQ(periods.value()[0].first_day, date::year{2026} / 11 / 30);
    EXPECT_EQ(periods.value()[2].last_day, date::year{2026} / 12 / 20);
    // A week is never a whole month: only its days are asked for.
    EXPECT_EQ(store_.questions[0].first_day, "2026-11-30");
    EXPECT_EQ(store_.questions[0].last_day, "2026-12-06");
    EXPECT_TRUE(store_.questions[0].first_month.empty());
}

TEST_F(statistics, counts_below_three_are_hidden_and_cannot_be_worked_out_from_the_rest) {
    store_.counts.bookings = 14;
    store_.counts.held = 2;
    store_.counts.by_dimension["parent_role"] = {{"father", 1}, {"mother", 9}, {"other", 4}};
    store_.counts.by_dimension["channel"] = {{"phone", 12}, {"video", 2}};
    store_.counts.by_dimension["language"] = {{"so", 1}, {"ar", 2}, {"none", 11}};
    auto periods = ask("2026-11-01", "2026-11-30");
    ASSERT_TRUE(periods);
    const auto& p = periods->front();
    EXPECT_FALSE(p.bookings.hidden);
    EXPECT_TRUE(p.held.hidden);
    const auto& roles = p.by_dimension.at("parent_role");
    EXPECT_TRUE(roles.at("father").hidden);
    // With only the father hidden, 14 - 9 - 4 would give him away: the next smallest goes too.
    EXPECT_TRUE(roles.at("other").hidden);
    EXPECT_FALSE(roles.at("mother").hidden);
    EXPECT_TRUE(p.by_dimension.at("channel").at("video").hidden);
    EXPECT_TRUE(p.by_dimension.at("channel").at("phone").hidden);
    // Two hidden already: the rest stays.
    EXPECT_FALSE(p.by_dimension.at("language").at("none").hidden);
}

TEST_F(statistics, bad_questions_are_refused_by_field) {
    struct example {
        std::string from, to, by, field, code;
    };
    for (const auto& c :
         std::vector<example>{{"", "2026-11-30", "", "from", "required"},
                              {"2026-13-01", "2026-11-30", "", "from", "invalid_date"},
                              {"2026-11-01", "tomorrow", "", "to", "invalid_date"},
                              {"2026-11-01", "2026-10-01", "", "to", "invalid_range"},
                              {"2026-11-01", "2026-11-30", "day", "by", "invalid_choice"},
                              {"2000-01-01", "2026-11-30", "", "to", "invalid_range"},
                              {"1800-01-01", "2026-11-30", "year", "to", "invalid_range"}}) {
        SCOPED_TRACE(c.from + " " + c.to + " " + c.by);
        auto periods = ask(c.from, c.to, c.by);
        ASSERT_FALSE(periods);
        EXPECT_EQ(periods.error().fields.front().field, c.field);
        EXPECT_EQ(periods.error().fields.front().code, c.code);
    }
    EXPECT_TRUE(store_.ranges.empty());
}

TEST_F(statistics, weeks_in_months_already_rolled_up_are_refused) {
    store_.rolled = true;
    auto periods = ask("2026-11-02", "2026-11-08", "week");
    ASSERT_FALSE(periods);
    EXPECT_EQ(periods.error().fields.front().field, "from");
    EXPECT_EQ(periods.error().fields.front().code, "rolled_up");
    EXPECT_TRUE(ask("2026-11-02", "2026-11-08", "month"));
}

TEST(roll_up, a_day_is_the_units_wall_time_day_cut_where_the_offset_changes) {
    const auto& zone = *find_time_zone("Europe/Stockholm");
    // 23:30 UTC on 28 February is already 1 March in Stockholm.
    auto late = sys_seconds{date::sys_days{date::year{2027} / 2 / 28}} + std::chrono::hours{23} +
                std::chrono::minutes{30};
    EXPECT_EQ(day_name(local_day_of(late, zone)), "2027-03-01");
    EXPECT_EQ(day_name(local_day_of(late - std::chrono::hours{1}, zone)), "2027-02-28");
    // The day summer time begins has 23 hours, in two offsets.
    auto spring = date::sys_days{date::year{2026} / 3 / 29};
    auto range = day_range(spring, zone);
    EXPECT_EQ(range.to - range.from, std::chrono::hours{23});
    auto spans = offset_spans(range, zone);
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[0].offset, std::chrono::hours{1});
    EXPECT_EQ(spans[1].offset, std::chrono::hours{2});
    EXPECT_EQ(spans[0].range.to, sys_seconds{spring} + std::chrono::hours{1});
    EXPECT_EQ(offset_spans(day_range(spring + date::days{1}, zone), zone).size(), 1u);
}

}  // namespace
}  // namespace samtal
