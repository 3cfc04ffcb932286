// Two real samtal instances on one PostgreSQL database (issue 19): bookings are made on both,
// one instance is killed hard while its invitations are in flight to a calendar that does not
// answer, and once its leases run out the other instance delivers them. Every invitation
// arrives, and the calendar has each event once.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <thread>

#include "integration/delivery_fixture.hpp"
#include "postgresql/on_postgresql.hpp"
#include "support/postgresql.hpp"
#include "support/stalling_calendar.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

constexpr int k_bookings_each = 3;

// delivery_config() on the PostgreSQL store named by SAMTAL_POSTGRESQL_URL, with leases of five
// seconds (short outgoing timeouts allow that) and Erik's invitations going to `calendar`.
std::string instance_config(const stalling_calendar& calendar) {
    auto text = delivery_config(
        "  [units.invitations.smtp]\n  timeout_ms = 600\n"
        "  [units.invitations.caldav]\n  timeout_ms = 600\n",
        caldav_advisor_keys(calendar.collection_url("erik")));
    text = on_postgresql(text);
    auto outbox = std::string("[outbox]\n");
    text.replace(text.find(outbox), outbox.size(), outbox + "lease_seconds = 5\n");
    return text;
}

// Waits up to `limit` for `done`.
template <typename Check>
bool eventually(Check done, std::chrono::seconds limit = 30s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

class kill_mid_delivery_test : public delivery_test {
protected:
    kill_mid_delivery_test() { ::setenv("SAMTAL_POSTGRESQL_URL", store_.url().c_str(), 1); }
    ~kill_mid_delivery_test() override { ::unsetenv("SAMTAL_POSTGRESQL_URL"); }

    int count(const std::string& where) {
        return std::stoi(store_.query("SELECT count(*) FROM outbox WHERE " + where).at(0));
    }

    postgresql_test_database store_;
    stalling_calendar calendar_;
};

TEST_F(kill_mid_delivery_test, a_killed_instances_invitations_are_delivered_once_by_the_other) {
    calendar_.stall(true);
    service_process first(instance_config(calendar_));
    auto free = times(first);
    ASSERT_GE(free.size(), std::size_t(2 * k_bookings_each));
    for (int i = 0; i < k_bookings_each; ++i)
        ASSERT_EQ(book(first, free.at(std::size_t(i)), "070-100 00 0" + std::to_string(i)).status,
                  201);
    // The first instance has claimed an invitation and waits for the calendar's answer, which
    // it never gets: it is killed, the event written but not confirmed.
    ASSERT_TRUE(eventually([&] { return calendar_.held() >= 1; }));
    auto in_flight = store_.query("SELECT id FROM outbox WHERE lease_holder != ''");
    first.kill_hard();
    ASSERT_EQ(in_flight.size(), 1u);
    calendar_.stall(false);

    // Instances share the keys as they share the store: the second opens the first's contacts.
    service_process second(instance_config(calendar_), [&](const std::filesystem::path& data_dir) {
        std::filesystem::create_directories(data_dir);
        std::filesystem::copy(first.data_dir() / "keys", data_dir / "keys");
    });
    for (int i = k_bookings_each; i < 2 * k_bookings_each; ++i)
        ASSERT_EQ(book(second, free.at(std::size_t(i)), "070-200 00 0" + std::to_string(i)).status,
                  201);
    ASSERT_TRUE(eventually([&] { return count("status != 'sent'") == 0; }))
        << count("status = 'pending'") << " pending; dead: "
        << ::testing::PrintToString(store_.query(
               "SELECT advisor || ': ' || last_error FROM outbox WHERE status = 'dead'"));
    EXPECT_EQ(count("id = " + in_flight[0] + " AND attempts = 2"), 1)
        << "the killed instance's message is taken over once its lease ran out";

    // Erik's invitations went to the calendar (Amina's to the spool): each event is there once,
    // the one whose answer was lost written again over itself.
    auto events = calendar_.events();
    EXPECT_EQ(int(events.size()), count("advisor = 'erik'"));
    std::set<std::string> uids;
    int writes = 0;
    for (const auto& [path, event] : events) {
        auto at = event.ical.find("\r\nUID:");
        ASSERT_NE(at, std::string::npos) << path;
        uids.insert(event.ical.substr(at + 6, event.ical.find("\r\n", at + 2) - at - 6));
        writes += event.writes;
    }
    EXPECT_EQ(uids.size(), events.size()) << "an event is in the calendar twice";
    EXPECT_EQ(writes, int(events.size()) + 1) << "only the taken-over event was written twice";
}

}  // namespace
}  // namespace samtal::testing
