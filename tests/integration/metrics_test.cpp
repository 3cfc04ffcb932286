// /metrics as Prometheus reads it: the real output, after requests and an outbox pass, checked
// by Prometheus's own promtool.
#include <fstream>
#include <thread>

#include "integration/fixture.hpp"
#include "support/shell_command.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

class metrics_test : public service_test {};

TEST_F(metrics_test, pass_promtool_check_metrics) {
    get("/api/v1/units");
    get("/nowhere");
    ASSERT_EQ(post_json("/api/v1/bookings", phone_booking(free_times().at(0))).status, 201);
    // The outbox publishes its gauges (and the three-way calls') after each pass.
    std::string metrics;
    auto deadline = std::chrono::steady_clock::now() + 20s;
    do {
        metrics = get("/metrics").body;
        if (metrics.find("samtal_outbox_messages{") != std::string::npos &&
            metrics.find("samtal_dial_jobs{") != std::string::npos)
            break;
        std::this_thread::sleep_for(100ms);
    } while (std::chrono::steady_clock::now() < deadline);
    ASSERT_NE(metrics.find("samtal_outbox_messages{"), std::string::npos) << metrics;

    temp_dir dir;
    std::ofstream(dir.path() / "metrics.txt") << metrics;
    auto check = run_command("promtool check metrics < " + (dir.path() / "metrics.txt").string());
    EXPECT_EQ(check.status, 0) << check.output << "\n" << metrics;
}

}  // namespace
}  // namespace samtal::testing
