// PostgreSQL restarted under load, on a server of this test's own (the test run's shared server
// must stay up for the others): requests in flight get a clear 503 problem, /readyz says not
// ready while the store is unreachable, the instance reconnects by itself, and every booking
// that was acknowledged is still there.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
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

const std::string k_server = SAMTAL_SOURCE_DIR "/tests/postgresql/server";

class own_postgresql {
public:
    own_postgresql() {
        auto started = run_command(k_server + " start " + folder_.string());
        if (started.status != 0) throw std::runtime_error(started.output);
        url_ = started.output.substr(0, started.output.find('\n'));
        postgresql_test_database::run(url_, "CREATE DATABASE samtal");
    }
    ~own_postgresql() { run_command(k_server + " stop " + folder_.string()); }
    std::string url() const { return postgresql_test_database::with_database(url_, "samtal"); }
    void down() { EXPECT_EQ(run_command(k_server + " down " + folder_.string()).status, 0); }
    void up() { EXPECT_EQ(run_command(k_server + " up " + folder_.string()).status, 0); }

private:
    temp_dir dir_;
    // Short: a Unix socket's path has room for about a hundred bytes.
    std::filesystem::path folder_ = dir_.path() / "pg";
    std::string url_;
};

class restart_test : public ::testing::Test {
protected:
    http_answer get(const std::string& target,
                    const std::map<std::string, std::string>& headers = {}) {
        return http_request(service_.port(), "GET", target, "", headers);
    }
    // /readyz once it answers `status`, within ten seconds (or the last answer).
    http_answer readyz_when(int status) {
        auto answer = get("/readyz");
        for (int i = 0; i < 100 && answer.status != status; ++i) {
            std::this_thread::sleep_for(100ms);
            answer = get("/readyz");
        }
        return answer;
    }

    own_postgresql server_;
    int url_set_ = ::setenv("SAMTAL_POSTGRESQL_URL", server_.url().c_str(), 1);
    service_process service_{on_postgresql()};
};

TEST_F(restart_test, requests_in_flight_get_503_and_nothing_acknowledged_is_lost) {
    ASSERT_EQ(readyz_when(200).status, 200);
    auto times = get("/api/v1/availability?unit=test-unit&to=" + fortnight_from_now());
    ASSERT_EQ(times.status, 200);
    auto parsed = boost::json::parse(times.body);
    std::vector<std::string> starts;
    for (const auto& time : parsed.at("times").as_array())
        starts.emplace_back(time.at("start").as_string());
    ASSERT_GT(starts.size(), 40u);

    // Two parents book one time after another, and a third keeps asking for free times,
    // while PostgreSQL goes down and comes back.
    std::mutex mutex;
    std::vector<std::string> acknowledged;
    std::map<int, int> statuses;
    std::set<std::string> unclear;  // anything but a problem document with a 503
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> next{0};
    auto parent = [&] {
        while (!stop) {
            auto i = next++;
            if (i >= starts.size()) return;
            boost::json::object body{{"unit", "test-unit"},
                                     {"start", starts[i]},
                                     {"channel", "phone"},
                                     {"phone", "070-123 45 67"}};
            auto answer =
                http_request(service_.port(), "POST", "/api/v1/bookings",
                             boost::json::serialize(body), {{"Content-Type", "application/json"}});
            std::lock_guard lock(mutex);
            ++statuses[answer.status];
            if (answer.status == 201)
                acknowledged.emplace_back(boost::json::parse(answer.body).at("code").as_string());
            if (answer.status == 503 &&
                answer.header("content-type").find("application/problem+json") != 0)
                unclear.insert(answer.body);
            std::this_thread::sleep_for(30ms);
        }
    };
    auto asker = [&] {
        while (!stop) {
            auto answer = get("/api/v1/availability?unit=test-unit&to=" + fortnight_from_now());
            std::lock_guard lock(mutex);
            ++statuses[answer.status];
        }
    };
    std::jthread first(parent), second(parent), third(asker);
    std::this_thread::sleep_for(700ms);

    server_.down();
    auto down = readyz_when(503);
    EXPECT_EQ(down.status, 503) << down.body;
    EXPECT_NE(down.body.find("\"store\":\"not writable\""), std::string::npos) << down.body;
    std::this_thread::sleep_for(500ms);
    server_.up();
    // Back without a restart of samtal.
    EXPECT_EQ(readyz_when(200).status, 200);
    std::this_thread::sleep_for(700ms);
    stop = true;
    first.join();
    second.join();
    third.join();

    EXPECT_GT(statuses[503], 0) << "nothing was asked while PostgreSQL was down";
    EXPECT_GT(statuses[201], 2);
    for (const auto& [status, count] : statuses)
        EXPECT_TRUE(status == 200 || status == 201 || status == 409 || status == 503)
            << count << " answers with status " << status;
    EXPECT_TRUE(unclear.empty()) << *unclear.begin();
    // Every booking that got its 201 is there.
    for (const auto& code : acknowledged)
        EXPECT_EQ(get("/api/v1/bookings/self", {{"Authorization", "Bearer " + code}}).status, 200)
            << "a booking acknowledged while PostgreSQL restarted is gone";
}

}  // namespace
}  // namespace samtal::testing
