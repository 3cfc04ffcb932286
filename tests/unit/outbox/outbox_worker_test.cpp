// The outbox worker against a fake calendar and a clock the test moves: retries wait for the
// backoff the clock and the jitter give, refusals and too many attempts make a message dead,
// and nothing here sleeps.
#include "service/outbox/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "service/store/booking_store.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/interpreter_store.hpp"
#include "support/bookings.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;

// A calendar that answers each delivery as the test says, and keeps what it was sent.
class fake_calendar : public invitation_delivery {
public:
    std::vector<delivery_status> answers;  // in turn; then `delivered`
    std::vector<outgoing_invitation> received;
    std::function<void()> before_answer;  // e.g. holds the delivery, as a server that hangs

    delivery_result deliver(const outgoing_invitation& invitation) override {
        if (before_answer) before_answer();
        received.push_back(invitation);
        auto status = answers.empty() ? delivery_status::delivered : answers.front();
        if (!answers.empty()) answers.erase(answers.begin());
        return {status, status == delivery_status::delivered ? "" : "HTTP 503"};
    }
};

class outbox_worker_test : public ::testing::Test {
protected:
    outbox_worker_test() {
        settings_.outbox.first_retry = 2000ms;
        settings_.outbox.longest_retry = 60000ms;
        settings_.outbox.max_attempts = 3;
    }

    // A booking of Amina's whose REQUEST is due now.
    void book() {
        auto booking = testing::booking_at(testing::at(9), "uid-1@samtal");
        booking.unit = "test-unit";
        ASSERT_TRUE(bookings_.insert(booking, {{"amina", "rinkeby", false}}, 15min, "hash",
                                     std::nullopt, std::nullopt));
    }
    std::map<std::string, std::int64_t> counts() { return outbox_.counts(); }

    testing::temp_dir dir_;
    config settings_ = testing::test_config();
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store bookings_{db_};
    outbox_store outbox_{db_};
    interpreter_store interpreters_{db_};
    dial_job_store jobs_{db_};
    secret_key seal_key_{3};
    sealed_box box_{seal_key_};
    message_catalog messages_ = message_catalog::embedded();
    metrics stats_;
    access_log log_;
    fake_calendar calendar_;
    sys_milliseconds now_{date::sys_days{date::year{2026} / 11 / 30}};
    // The jitter always takes the shortest wait it may.
    random_source shortest_ = [](std::int64_t low, std::int64_t) { return low; };
    advisor_roster roster_{settings_.units};
    conference_dialler dialler_{settings_, roster_, jobs_, box_, shortest_, stats_, log_};
    outbox_worker worker_{
        settings_,
        roster_,
        outbox_,
        interpreters_,
        box_,
        messages_,
        {[this](const unit_config&, const advisor_config&) -> invitation_delivery& {
             return calendar_;
         },
         [](const unit_config&, const std::string&) -> meeting_host* { return nullptr; },
         [](const unit_config&) -> interpreter_agency* { return nullptr; }},
        dialler_,
        [this] { return now_; },
        shortest_,
        stats_,
        log_};
};

TEST_F(outbox_worker_test, a_worker_stuck_in_a_delivery_is_not_alive_until_it_comes_back) {
    std::mutex mutex;
    std::condition_variable changed;
    bool holding = false, released = false;
    calendar_.before_answer = [&] {
        std::unique_lock lock(mutex);
        holding = true;
        changed.notify_all();
        changed.wait(lock, [&] { return released; });
    };
    book();
    worker_.start();
    {
        std::unique_lock lock(mutex);
        ASSERT_TRUE(changed.wait_for(lock, 10s, [&] { return holding; }));
    }
    EXPECT_TRUE(worker_.alive()) << "its pass has only just begun";
    // The worker waits in the calendar and reads no clock until it is released.
    now_ += 10min;
    EXPECT_FALSE(worker_.alive()) << "ten minutes in one delivery is stuck (/readyz: stopped)";
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    changed.notify_all();
    // Alive again once its pass ends, without a restart.
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!worker_.alive() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    EXPECT_TRUE(worker_.alive());
    worker_.stop();
    EXPECT_EQ(counts()["sent"], 1);
}

TEST_F(outbox_worker_test, a_failed_delivery_waits_for_its_backoff_and_then_goes) {
    book();
    calendar_.answers = {delivery_status::retry_later};
    EXPECT_EQ(worker_.deliver_due(), 1);
    EXPECT_EQ(calendar_.received.size(), 1u);
    EXPECT_EQ(counts()["pending"], 1);
    // The first retry waits 2 s, of which the jitter takes half at the least.
    now_ += 999ms;
    EXPECT_EQ(worker_.deliver_due(), 0);
    now_ += 1ms;
    EXPECT_EQ(worker_.deliver_due(), 1);
    EXPECT_EQ(calendar_.received.size(), 2u);
    EXPECT_EQ(counts()["sent"], 1);
    // The mail is dated by the worker's clock, and the same message keeps its outbox id.
    EXPECT_EQ(calendar_.received[1].composed_at, date::floor<std::chrono::seconds>(now_));
    EXPECT_EQ(calendar_.received[0].outbox_id, calendar_.received[1].outbox_id);
}

TEST_F(outbox_worker_test, each_retry_waits_twice_as_long_until_too_many_attempts_make_it_dead) {
    book();
    calendar_.answers = {delivery_status::retry_later, delivery_status::retry_later,
                         delivery_status::retry_later};
    EXPECT_EQ(worker_.deliver_due(), 1);
    now_ += 1000ms;  // half of the first 2 s
    EXPECT_EQ(worker_.deliver_due(), 1);
    now_ += 1999ms;  // the second waits half of 4 s
    EXPECT_EQ(worker_.deliver_due(), 0);
    now_ += 1ms;
    EXPECT_EQ(worker_.deliver_due(), 1);
    EXPECT_EQ(counts()["dead"], 1);
    auto problems = outbox_.problems(10);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].last_error, "HTTP 503");
    now_ += 1h;
    EXPECT_EQ(worker_.deliver_due(), 0) << "a dead message is not tried again";
}

TEST_F(outbox_worker_test, a_refusal_is_dead_at_once) {
    book();
    calendar_.answers = {delivery_status::failed_permanently};
    EXPECT_EQ(worker_.deliver_due(), 1);
    EXPECT_EQ(counts()["dead"], 1);
    EXPECT_EQ(counts()["pending"], 0);
}

}  // namespace
}  // namespace samtal
