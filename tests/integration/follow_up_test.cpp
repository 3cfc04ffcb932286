// The parent's follow-up and the unit's statistics against the running binary: answering once
// within the window, on the API and on the booking page without JavaScript, and statistics that
// are counts and nothing else.

#include <fstream>
#include <sstream>

#include "integration/fixture.hpp"
#include "support/shell_command.hpp"
#include "support/store_rows.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class follow_up : public service_test {
protected:
    follow_up() : service_test(staff_token_config() + service_config_text()) {}

    std::string book(const std::string& start) {
        auto answer = post_json("/api/v1/bookings", phone_booking(start));
        EXPECT_EQ(answer.status, 201) << answer.body;
        return answer.status == 201 ? std::string(json::parse(answer.body).at("code").as_string())
                                    : "";
    }
    http_answer answer(const std::string& code, const std::string& body) {
        return http_request(service_.port(), "POST", "/api/v1/feedback", body,
                            {{"Authorization", "Bearer " + code},
                             {"Content-Type", "application/json"},
                             {"Accept-Language", "en"}});
    }
    int stored(const std::string& table) {
        return int(single_integer(service_.store().location(), "SELECT count(*) FROM " + table));
    }
    static std::string first_error(const http_answer& answer) {
        auto errors = json::parse(answer.body).at("errors").as_array();
        return errors.empty() ? ""
                              : std::string(errors[0].at("field").as_string()) + "." +
                                    std::string(errors[0].at("code").as_string());
    }
    json::object statistics(const std::string& query) {
        auto answer = get("/api/v1/staff/statistics?" + query,
                          {{"Authorization", std::string("Bearer ") + k_manager}});
        EXPECT_EQ(answer.status, 200) << answer.body;
        return answer.status == 200 ? json::parse(answer.body).as_object() : json::object{};
    }
    static std::string today() {
        auto now = date::make_zoned("Europe/Stockholm", std::chrono::system_clock::now());
        return date::format("%Y-%m-%d", now.get_local_time());
    }
};

TEST_F(follow_up, the_api_takes_one_answer_within_the_window_and_nothing_else) {
    auto times = free_times();
    ASSERT_GE(times.size(), 2u);
    auto code = book(times[0]);
    const std::string answers = R"({"right_topics":5,"helpful":4,"easy_to_reach":"dont_know"})";

    auto early = answer(code, answers);
    EXPECT_EQ(early.status, 422);
    EXPECT_EQ(first_error(early), "feedback.not_yet_open");
    EXPECT_EQ(stored("follow_up_answers"), 0);

    let_conversation_start(code, 60min);
    EXPECT_EQ(answer(code, R"({"helpful":9})").status, 422);
    EXPECT_EQ(first_error(answer(code, R"({"helpful":4,"name":"Anna"})")), "name.unknown_field");
    EXPECT_EQ(first_error(answer(code, "{}")), "feedback.nothing_answered");
    EXPECT_EQ(answer("0000", answers).status, 404);
    EXPECT_EQ(stored("follow_up_answers"), 0);
    EXPECT_EQ(stored("follow_up_marks"), 0);

    auto given = answer(code, answers);
    EXPECT_EQ(given.status, 201) << given.body;
    auto again = answer(code, R"({"helpful":1})");
    EXPECT_EQ(again.status, 422);
    EXPECT_EQ(first_error(again), "feedback.already_answered");
    EXPECT_NE(json::parse(again.body).at("errors").at(0).at("message").as_string().find("already"),
              std::string::npos);
    EXPECT_EQ(stored("follow_up_answers"), 1);
    EXPECT_EQ(stored("follow_up_marks"), 1);

    // Two weeks after the end it is closed, for a code that never answered.
    auto late_code = book(times[1]);
    let_conversation_start(late_code, 14 * 24h + 46min);
    auto late = answer(late_code, answers);
    EXPECT_EQ(late.status, 422);
    EXPECT_EQ(first_error(late), "feedback.closed");
    EXPECT_EQ(stored("follow_up_answers"), 1);
}

TEST_F(follow_up, the_booking_page_asks_in_somali_without_javascript_and_thanks_once) {
    auto times = free_times();
    ASSERT_GE(times.size(), 1u);
    auto code = book(times[0]);
    auto before = post_form("/booking", "code=" + form_encoded(code) + "&lang=so");
    EXPECT_EQ(before.status, 200);
    EXPECT_EQ(before.body.find("/booking/feedback"), std::string::npos);

    let_conversation_start(code, 50min);
    auto page = post_form("/booking", "code=" + form_encoded(code) + "&lang=so");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Ma ka wada hadalnay waxaad rabtay inaad ka hadasho?"),
              std::string::npos);
    // Every question starts at "skip", so leaving one is nothing to do.
    EXPECT_NE(page.body.find(R"(id="helpful-skip" name="helpful" value="" checked)"),
              std::string::npos);
    auto token = token_on(page.body, "/booking/feedback");
    ASSERT_FALSE(token.empty());

    auto fields = "code=" + form_encoded(code) +
                  "&lang=so&right_topics=4&helpful=&easy_to_reach=dont_know&form_token=" +
                  form_encoded(token);
    auto thanked = post_form("/booking/feedback", fields);
    EXPECT_EQ(thanked.status, 200);
    EXPECT_NE(thanked.body.find("Waad ku mahadsan tahay jawaabahaaga"), std::string::npos);
    EXPECT_EQ(thanked.body.find("/booking/feedback"), std::string::npos);
    auto twice = post_form("/booking/feedback", fields);
    EXPECT_EQ(twice.status, 422);
    EXPECT_NE(twice.body.find("Horay ayaad uga jawaabtay"), std::string::npos);
    EXPECT_EQ(stored("follow_up_answers"), 1);
}

TEST_F(follow_up, statistics_are_counts_and_nothing_else) {
    auto times = free_times();
    ASSERT_GE(times.size(), 4u);
    std::vector<std::string> codes;
    for (int i = 0; i < 4; ++i) codes.push_back(book(times[std::size_t(i)]));
    for (const auto& code : codes) {
        let_conversation_start(code, 30min);
        ASSERT_EQ(answer(code, R"({"right_topics":5})").status, 201);
    }
    auto counted = statistics("from=" + today() + "&to=" + today() + "&by=week");
    ASSERT_EQ(counted.at("periods").as_array().size(), 1u);
    const auto& period = counted.at("periods").at(0).as_object();
    EXPECT_EQ(period.at("bookings"), json::value(4));
    EXPECT_EQ(period.at("channel").at("phone"), json::value(4));
    EXPECT_EQ(period.at("parent_role").at("unspecified"), json::value(4));
    EXPECT_EQ(period.at("feedback").at("right_topics").at("5"), json::value(4));
    EXPECT_EQ(period.at("held"), json::value(0));
    EXPECT_EQ(period.at("evening").as_object().size(), 1u);
    EXPECT_EQ(period.at("interpreter").at("not_asked"), json::value(4));

    // The CSV has the same numbers, a row per period, dimension and value, "<3" as in the JSON.
    auto csv = get("/api/v1/staff/statistics.csv?from=" + today() + "&to=" + today() + "&by=week",
                   {{"Authorization", std::string("Bearer ") + k_manager}});
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(csv.header("content-disposition").find("attachment"), std::string::npos);
    auto name = std::string(period.at("period").as_string());
    auto dates =
        std::string(period.at("from").as_string()) + "," + std::string(period.at("to").as_string());
    EXPECT_EQ(csv.body.rfind("period,from,to,dimension,value,count\r\n", 0), 0u) << csv.body;
    for (const auto& row :
         {"total,bookings,4", "total,held,0", "channel,phone,4", "parent_role,unspecified,4",
          "interpreter,not_asked,4", "feedback.right_topics,5,4"})
        EXPECT_NE(csv.body.find(name + "," + dates + "," + row + "\r\n"), std::string::npos)
            << row << "\n"
            << csv.body;
    EXPECT_EQ(get("/api/v1/staff/statistics.csv?from=" + today() + "&to=" + today(),
                  {{"Authorization", std::string("Bearer ") + k_advisor}})
                  .status,
              403);

    // Every count is a number or "<3"; every other value is the period's name or dates.
    const std::set<std::string> totals{"bookings", "held", "not_reached", "cancelled"};
    auto is_count = [](const json::value& v) {
        return v.is_int64() || (v.is_string() && v.as_string() == "<3");
    };
    for (const auto& [key, value] : period) {
        SCOPED_TRACE(std::string(key));
        if (key == "period" || key == "from" || key == "to") {
            EXPECT_TRUE(value.is_string());
        } else if (totals.count(std::string(key))) {
            EXPECT_TRUE(is_count(value));
        } else {
            for (const auto& [name, inner] : value.as_object()) {
                if (key == "feedback") {
                    for (const auto& [step, count] : inner.as_object())
                        EXPECT_TRUE(is_count(count));
                } else {
                    EXPECT_TRUE(is_count(inner)) << name;
                }
            }
        }
    }
    // Nothing of a booking: no code, no conversation id, no advisor, no number, no time.
    auto body = json::serialize(counted);
    for (const auto& code : codes) EXPECT_EQ(body.find(code.substr(0, 4)), std::string::npos);
    EXPECT_EQ(body.find("amina"), std::string::npos);
    EXPECT_EQ(body.find("070"), std::string::npos);
    EXPECT_EQ(body.find(":00"), std::string::npos);  // no RFC 3339 times either

    // An advisor may not read them; a manager may not read another unit's.
    EXPECT_EQ(get("/api/v1/staff/statistics?from=" + today() + "&to=" + today(),
                  {{"Authorization", std::string("Bearer ") + k_advisor}})
                  .status,
              403);
    EXPECT_EQ(get("/api/v1/staff/statistics?unit=elsewhere&from=" + today() + "&to=" + today(),
                  {{"Authorization", std::string("Bearer ") + k_manager}})
                  .status,
              403);
}

// The counts before and after the purge rolls old rows up are the same, byte for byte, while the
// rows themselves are gone.
TEST_F(follow_up, statistics_are_the_same_after_old_rows_are_rolled_up_and_deleted) {
    auto read_file = [](const std::filesystem::path& file) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    auto with_retention = [&](int days) {
        auto text = read_file(service_.config_file());
        auto at = text.find("data_dir = \"var\"\n");
        EXPECT_NE(at, std::string::npos);
        auto keep = "keep_booking_rows_days = " + std::to_string(days) + "\n";
        auto old = text.find("keep_booking_rows_days");
        if (old != std::string::npos)
            text.replace(old, text.find('\n', old) + 1 - old, keep);
        else
            text.insert(at + 17, keep);
        return text;
    };
    auto samtal = [&](const std::string& command, const std::filesystem::path& config) {
        return run_command(std::string(SAMTAL_BINARY) + " " + command + " --config " +
                           config.string() + " --data-dir " + service_.data_dir().string());
    };
    ASSERT_EQ(service_.stop(), 0);
    // Keeping ten years, the service rolls nothing up when it starts.
    auto keep_ten_years = with_retention(3650);
    auto keep_ninety_days = with_retention(90);
    std::ofstream(service_.config_file()) << keep_ten_years;
    auto keep_ninety = service_.config_file().parent_path() / "keep-ninety.toml";
    std::ofstream(keep_ninety) << keep_ninety_days;
    // Two advisors, one conversation each an hour back from now: about eight months.
    ASSERT_EQ(samtal("generate-history --count 12000", service_.config_file()).status, 0);
    service_.start();
    auto now = date::make_zoned("Europe/Stockholm", std::chrono::system_clock::now());
    auto today = date::floor<date::days>(now.get_local_time());
    const std::string query =
        "from=" + date::format("%F", today - date::days{400}) + "&to=" + date::format("%F", today);
    auto before = json::serialize(statistics(query));
    auto weeks_before = json::serialize(statistics("by=week&" + query));
    auto years_before = json::serialize(statistics("by=year&" + query));
    auto csv = [&] {
        return get("/api/v1/staff/statistics.csv?" + query,
                   {{"Authorization", std::string("Bearer ") + k_manager}})
            .body;
    };
    auto csv_before = csv();
    ASSERT_EQ(service_.stop(), 0);
    auto rows = stored("bookings");

    auto purged = samtal("purge", keep_ninety);
    ASSERT_EQ(purged.status, 0) << purged.output;
    EXPECT_NE(purged.output.find("into the daily counts"), std::string::npos) << purged.output;
    EXPECT_LT(stored("bookings"), rows);
    EXPECT_GT(stored("bookings"), 0);  // the last 90 days stay rows
    EXPECT_GT(stored("statistics_days"), 0);
    service_.start();
    // Byte for byte, by month, week and year, as JSON and as CSV.
    EXPECT_EQ(json::serialize(statistics(query)), before);
    EXPECT_EQ(json::serialize(statistics("by=week&" + query)), weeks_before);
    EXPECT_EQ(json::serialize(statistics("by=year&" + query)), years_before);
    EXPECT_EQ(csv(), csv_before);
}

TEST_F(follow_up, the_calendar_file_reminds_an_hour_before) {
    auto times = free_times();
    ASSERT_GE(times.size(), 1u);
    auto code = book(times[0]);
    auto file = get("/api/v1/bookings/self/calendar.ics", {{"Authorization", "Bearer " + code}});
    ASSERT_EQ(file.status, 200);
    EXPECT_NE(file.body.find("BEGIN:VALARM"), std::string::npos) << file.body;
    EXPECT_NE(file.body.find("TRIGGER:-PT1H"), std::string::npos) << file.body;
    EXPECT_NE(file.body.find("ACTION:DISPLAY"), std::string::npos);
}

}  // namespace
}  // namespace samtal::testing
