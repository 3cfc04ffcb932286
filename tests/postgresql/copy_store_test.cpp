// Moving over: `samtal copy-store` takes an installation's SQLite store to PostgreSQL and back,
// with every booking still found by its code and still taking its time, the statistics the
// same, and a target that is not empty refused and left as it was.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "integration/fixture.hpp"
#include "integration/http_client.hpp"
#include "integration/service_process.hpp"
#include "postgresql/on_postgresql.hpp"
#include "support/postgresql.hpp"
#include "support/shell_command.hpp"
#include "support/temp_dir.hpp"

namespace samtal::testing {
namespace {

command_outcome copy_store(const std::string& from, const std::string& to,
                           const std::filesystem::path& config) {
    return run_command(std::string(SAMTAL_BINARY) + " copy-store --from " + from + " --to " + to +
                       " --config " + config.string());
}

// What the service says of the store: each code's booking, the free times, the statistics.
struct seen_store {
    std::vector<int> found;
    std::string free_times;
    std::string statistics;
    bool operator==(const seen_store&) const = default;
};

seen_store seen(unsigned short port, const std::vector<std::string>& codes) {
    seen_store seen;
    for (const auto& code : codes)
        seen.found.push_back(http_request(port, "GET", "/api/v1/bookings/self", "",
                                          {{"Authorization", "Bearer " + code}})
                                 .status);
    seen.free_times =
        http_request(port, "GET", "/api/v1/availability?unit=test-unit&to=" + fortnight_from_now())
            .body;
    seen.statistics = http_request(port, "GET",
                                   "/api/v1/staff/statistics?unit=test-unit&from=2026-01-01&to=" +
                                       fortnight_from_now().substr(0, 10) + "&by=month",
                                   "", {{"Authorization", std::string("Bearer ") + k_manager}})
                          .body;
    return seen;
}

TEST(copy_store, moves_an_installation_to_postgresql_and_back_and_refuses_a_store_in_use) {
    postgresql_test_database database;
    ::setenv("SAMTAL_POSTGRESQL_URL", database.url().c_str(), 1);

    // An installation on SQLite with three bookings, one of them cancelled.
    service_process embedded(service_config_text() + staff_token_config());
    auto times = boost::json::parse(
        http_request(embedded.port(), "GET",
                     "/api/v1/availability?unit=test-unit&to=" + fortnight_from_now())
            .body);
    std::vector<std::string> codes;
    for (int i = 0; i < 3; ++i) {
        boost::json::object body{{"unit", "test-unit"},
                                 {"start", times.at("times").at(std::size_t(i) * 3).at("start")},
                                 {"channel", "phone"},
                                 {"phone", "070-123 45 6" + std::to_string(i)}};
        auto booked =
            http_request(embedded.port(), "POST", "/api/v1/bookings", boost::json::serialize(body),
                         {{"Content-Type", "application/json"}});
        ASSERT_EQ(booked.status, 201) << booked.body;
        codes.emplace_back(boost::json::parse(booked.body).at("code").as_string());
    }
    ASSERT_EQ(http_request(embedded.port(), "DELETE", "/api/v1/bookings/self", "",
                           {{"Authorization", "Bearer " + codes[2]}})
                  .status,
              200);
    auto before = seen(embedded.port(), codes);
    ASSERT_EQ(before.found, (std::vector<int>{200, 200, 404}));
    embedded.stop();
    auto sqlite = embedded.data_dir() / "samtal.db";

    temp_dir dir;
    std::ofstream(dir.path() / "samtal.toml")
        << on_postgresql(service_config_text() + staff_token_config());
    auto there = copy_store("sqlite:" + sqlite.string(), "postgresql", dir.path() / "samtal.toml");
    ASSERT_EQ(there.status, 0) << there.output;
    EXPECT_NE(there.output.find("bookings: 3 row(s)"), std::string::npos) << there.output;
    EXPECT_EQ(there.output.find("070"), std::string::npos) << there.output;
    {
        service_process shared(on_postgresql(service_config_text() + staff_token_config()),
                               keys_from(embedded.data_dir()));
        EXPECT_EQ(seen(shared.port(), codes), before);
        // New bookings follow the copied ones instead of reusing their ids.
        boost::json::object body{{"unit", "test-unit"},
                                 {"start", times.at("times").at(1).at("start")},
                                 {"channel", "phone"},
                                 {"phone", "070-123 45 99"}};
        EXPECT_EQ(http_request(shared.port(), "POST", "/api/v1/bookings",
                               boost::json::serialize(body), {{"Content-Type", "application/json"}})
                      .status,
                  201);
    }

    // Again into the same store: refused, and nothing changes there.
    auto again = copy_store("sqlite:" + sqlite.string(), "postgresql", dir.path() / "samtal.toml");
    EXPECT_NE(again.status, 0);
    EXPECT_NE(again.output.find("not empty"), std::string::npos) << again.output;
    EXPECT_EQ(database.query("SELECT count(*) FROM bookings"), std::vector<std::string>{"4"});

    // And back to a new SQLite file.
    auto back_file = dir.path() / "back" / "samtal.db";
    auto back =
        copy_store("postgresql", "sqlite:" + back_file.string(), dir.path() / "samtal.toml");
    ASSERT_EQ(back.status, 0) << back.output;
    service_process returned(service_config_text() + staff_token_config(),
                             [&](const std::filesystem::path& data_dir) {
                                 keys_from(embedded.data_dir())(data_dir);
                                 std::filesystem::copy_file(back_file, data_dir / "samtal.db");
                             });
    auto after = seen(returned.port(), codes);
    EXPECT_EQ(after.found, before.found);
    EXPECT_NE(after.free_times, before.free_times);  // the fourth booking came along
}

}  // namespace
}  // namespace samtal::testing
