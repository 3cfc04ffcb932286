// Two real samtal instances on one PostgreSQL database, as behind a load balancer: what one
// books shows in the other's answers within a second, and twenty parents who ask both for the
// last free time at once get one booking between them.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "integration/fixture.hpp"
#include "integration/http_client.hpp"
#include "integration/service_process.hpp"
#include "postgresql/on_postgresql.hpp"
#include "support/postgresql.hpp"
#include "support/shell_command.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> free_starts(unsigned short port) {
    auto answer =
        http_request(port, "GET", "/api/v1/availability?unit=test-unit&to=" + fortnight_from_now());
    EXPECT_EQ(answer.status, 200) << answer.body;
    std::vector<std::string> starts;
    auto parsed = boost::json::parse(answer.body);
    for (const auto& time : parsed.at("times").as_array())
        starts.emplace_back(time.at("start").as_string());
    return starts;
}

// The first Wednesday 17:00 among `starts`: Amina alone works then (test_config.hpp), so it is
// the last free time of its hour and booking it takes it off the list.
std::string wednesday_evening(const std::vector<std::string>& starts) {
    for (const auto& start : starts) {
        date::year_month_day day{date::year(std::stoi(start.substr(0, 4))),
                                 date::month(unsigned(std::stoi(start.substr(5, 2)))),
                                 date::day(unsigned(std::stoi(start.substr(8, 2))))};
        if (start.substr(11, 5) == "17:00" && date::weekday(date::sys_days(day)) == date::Wednesday)
            return start;
    }
    return "";
}

http_answer book(unsigned short port, const std::string& start) {
    boost::json::object body{
        {"unit", "test-unit"}, {"start", start}, {"channel", "phone"}, {"phone", "070-123 45 67"}};
    return http_request(port, "POST", "/api/v1/bookings", boost::json::serialize(body),
                        {{"Content-Type", "application/json"}});
}

class two_instances_test : public ::testing::Test {
protected:
    // Whether the second instance still offers `start` a second from now, asking it until
    // then: a change made on the first must show there within that second.
    bool second_offers_a_second_later(const std::string& start) {
        auto deadline = std::chrono::steady_clock::now() + 1s;
        auto offered = [&] {
            auto starts = free_starts(second_.port());
            return std::find(starts.begin(), starts.end(), start) != starts.end();
        };
        while (offered() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(20ms);
        return offered();
    }

    postgresql_test_database database_;
    // Before the instances start: they inherit the environment.
    int url_set_ = ::setenv("SAMTAL_POSTGRESQL_URL", database_.url().c_str(), 1);
    service_process first_{on_postgresql(service_config_text() + staff_token_config())};
    service_process second_{on_postgresql(service_config_text() + staff_token_config()),
                            keys_from(first_.data_dir())};
};

TEST_F(two_instances_test, a_booking_on_one_shows_in_the_others_kept_answers_within_a_second) {
    auto evening = wednesday_evening(free_starts(second_.port()));
    ASSERT_FALSE(evening.empty()) << "no Wednesday evening free in the fortnight";
    auto form_before = http_request(second_.port(), "GET", "/?unit=test-unit").body;
    // Asked twice, so that the second instance answers from what it kept.
    ASSERT_EQ(wednesday_evening(free_starts(second_.port())), evening);

    auto booked = book(first_.port(), evening);
    ASSERT_EQ(booked.status, 201) << booked.body;
    auto code = std::string(boost::json::parse(booked.body).at("code").as_string());
    EXPECT_FALSE(second_offers_a_second_later(evening)) << "still offered after it was booked";
    EXPECT_NE(http_request(second_.port(), "GET", "/?unit=test-unit").body, form_before);
    // And the other instance knows the code.
    auto found = http_request(second_.port(), "GET", "/api/v1/bookings/self", "",
                              {{"Authorization", "Bearer " + code}});
    EXPECT_EQ(found.status, 200) << found.body;
}

TEST_F(two_instances_test, an_absence_saved_on_one_shows_in_the_others_free_times_within_a_second) {
    auto evening = wednesday_evening(free_starts(second_.port()));
    ASSERT_FALSE(evening.empty()) << "no Wednesday evening free in the fortnight";
    auto day = evening.substr(0, 10);
    auto absent = http_request(first_.port(), "POST", "/api/v1/staff/advisors/amina/absences",
                               "{\"from\":\"" + day + "\",\"to\":\"" + day + "\"}",
                               {{"Authorization", std::string("Bearer ") + k_coordinator},
                                {"Content-Type", "application/json"}});
    ASSERT_EQ(absent.status, 201) << absent.body;
    EXPECT_FALSE(second_offers_a_second_later(evening))
        << "Amina's evening still offered after her absence";
}

TEST_F(two_instances_test, twenty_parents_asking_both_for_the_last_free_time_get_one_booking) {
    auto last = wednesday_evening(free_starts(first_.port()));
    ASSERT_FALSE(last.empty()) << "no Wednesday evening free in the fortnight";

    std::vector<std::future<int>> parents;
    for (int i = 0; i < 20; ++i)
        parents.push_back(std::async(std::launch::async, [&, i] {
            return book(i % 2 ? first_.port() : second_.port(), last).status;
        }));
    int booked = 0;
    int taken = 0;
    for (auto& parent : parents) {
        auto status = parent.get();
        booked += status == 201;
        taken += status == 409;
    }
    EXPECT_EQ(booked, 1);
    EXPECT_EQ(taken, 19);
    EXPECT_EQ(database_.query("SELECT count(*) FROM bookings WHERE status = 'booked'"),
              std::vector<std::string>{"1"});
}

TEST(postgresql_start, a_wrong_connection_string_stops_the_start_without_printing_the_password) {
    temp_dir dir;
    std::ofstream(dir.path() / "samtal.toml") << on_postgresql();
    auto nowhere = postgresql_test_database::with_database(postgresql_test_database::server(),
                                                           "no_such_database") +
                   "&password=hemligt";
    auto started = run_command("SAMTAL_POSTGRESQL_URL='" + nowhere +
                               "' " SAMTAL_BINARY " serve --listen 127.0.0.1:0 --config " +
                               (dir.path() / "samtal.toml").string() + " --data-dir " +
                               (dir.path() / "data").string());
    EXPECT_NE(started.status, 0);
    EXPECT_NE(started.output.find("no_such_database"), std::string::npos) << started.output;
    EXPECT_EQ(started.output.find("hemligt"), std::string::npos) << started.output;
}

}  // namespace
}  // namespace samtal::testing
