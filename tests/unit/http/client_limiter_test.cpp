#include "service/http/client_limiter.hpp"

#include <gtest/gtest.h>

namespace samtal {
namespace {

namespace ip = boost::asio::ip;
using namespace std::chrono_literals;

ip::address address(const char* text) { return ip::make_address(text); }

// A limiter on a clock the test moves by hand.
class client_limiter_test : public ::testing::Test {
protected:
    client_limiter make(abuse_limits_config limits) {
        return client_limiter(limits, [this] { return now_; });
    }
    abuse_limits_config small() {
        abuse_limits_config limits;
        limits.booking_attempts_per_hour = 4;
        limits.bookings_per_day = 2;
        limits.wrong_codes_per_hour = 3;
        limits.tracked_addresses = 10;
        return limits;
    }
    // One lookup that finds nothing (404) or its booking (200), settled as the server does.
    bool lookup(client_limiter& limiter, const char* from, unsigned status = 404) {
        auto ticket = limiter.admit(client_limit::code_lookup, address(from));
        if (ticket.admitted) limiter.settle(ticket, status);
        return ticket.admitted;
    }
    bool book(client_limiter& limiter, const char* from, unsigned status = 201) {
        auto ticket = limiter.admit(client_limit::booking, address(from));
        if (ticket.admitted) limiter.settle(ticket, status);
        return ticket.admitted;
    }

    client_limiter::clock::time_point now_{client_limiter::clock::now()};
};

TEST_F(client_limiter_test, wrong_codes_cost_the_address_that_typed_them) {
    auto limiter = make(small());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(lookup(limiter, "198.51.100.9"));
    auto refused = limiter.admit(client_limit::code_lookup, address("198.51.100.9"));
    EXPECT_FALSE(refused.admitted);
    // One wrong code comes back every 20 minutes (3 an hour).
    EXPECT_EQ(refused.retry_after, 1200s);
    // The parent, at another address, is not touched.
    EXPECT_TRUE(lookup(limiter, "203.0.113.7", 200));
}

TEST_F(client_limiter_test, codes_that_find_their_booking_cost_nothing) {
    auto limiter = make(small());
    for (int i = 0; i < 50; ++i) EXPECT_TRUE(lookup(limiter, "203.0.113.7", 200));
    // Neither does an answer that says nothing about the code (a store failure).
    for (int i = 0; i < 50; ++i) EXPECT_TRUE(lookup(limiter, "203.0.113.7", 503));
}

TEST_F(client_limiter_test, an_address_gets_its_allowance_back_as_time_passes) {
    auto limiter = make(small());
    for (int i = 0; i < 3; ++i) lookup(limiter, "198.51.100.9");
    EXPECT_FALSE(lookup(limiter, "198.51.100.9"));
    now_ += 19min;
    EXPECT_FALSE(lookup(limiter, "198.51.100.9"));
    now_ += 1min;
    EXPECT_TRUE(lookup(limiter, "198.51.100.9"));
    EXPECT_FALSE(lookup(limiter, "198.51.100.9"));
}

TEST_F(client_limiter_test, parallel_lookups_cannot_overspend) {
    auto limiter = make(small());
    // All admitted before any is settled, as parallel requests are.
    std::vector<client_limiter::ticket> tickets;
    for (int i = 0; i < 10; ++i)
        tickets.push_back(limiter.admit(client_limit::code_lookup, address("198.51.100.9")));
    EXPECT_EQ(std::count_if(tickets.begin(), tickets.end(), [](auto& t) { return t.admitted; }), 3);
}

TEST_F(client_limiter_test, bookings_made_count_against_the_day) {
    auto limiter = make(small());
    EXPECT_TRUE(book(limiter, "203.0.113.7"));
    EXPECT_TRUE(book(limiter, "203.0.113.7"));
    auto refused = limiter.admit(client_limit::booking, address("203.0.113.7"));
    EXPECT_FALSE(refused.admitted);
    EXPECT_EQ(refused.retry_after, 12h);  // one of two a day comes back after twelve hours
    EXPECT_TRUE(book(limiter, "203.0.113.8"));
}

TEST_F(client_limiter_test, attempts_that_book_nothing_count_only_against_the_hour) {
    auto limiter = make(small());
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(book(limiter, "203.0.113.7", 422));
    auto refused = limiter.admit(client_limit::booking, address("203.0.113.7"));
    EXPECT_FALSE(refused.admitted);
    EXPECT_EQ(refused.retry_after, 900s);
    now_ += 15min;
    // The day's two bookings are all still there.
    EXPECT_TRUE(book(limiter, "203.0.113.7"));
}

TEST_F(client_limiter_test, a_full_table_refuses_rather_than_forgets_a_limited_address) {
    auto limits = small();
    limits.tracked_addresses = 2;
    auto limiter = make(limits);
    EXPECT_TRUE(lookup(limiter, "198.51.100.1"));
    EXPECT_TRUE(lookup(limiter, "198.51.100.2"));
    auto refused = limiter.admit(client_limit::code_lookup, address("198.51.100.3"));
    EXPECT_FALSE(refused.admitted);
    EXPECT_GT(refused.retry_after, 0s);
    // Known addresses keep their own allowance.
    EXPECT_TRUE(lookup(limiter, "198.51.100.1"));
    // Once an entry has refilled it is the same as no entry, and its place is free.
    now_ += 2h;
    EXPECT_TRUE(lookup(limiter, "198.51.100.3"));
    EXPECT_TRUE(lookup(limiter, "198.51.100.4"));
}

TEST_F(client_limiter_test, an_ipv6_client_is_limited_by_its_slash_64) {
    auto limiter = make(small());
    for (int i = 0; i < 3; ++i) lookup(limiter, "2001:db8:1:2::1");
    EXPECT_FALSE(lookup(limiter, "2001:db8:1:2:ffff::9"));
    EXPECT_TRUE(lookup(limiter, "2001:db8:1:3::1"));
}

TEST_F(client_limiter_test, an_ipv4_mapped_address_is_its_ipv4_address) {
    auto limiter = make(small());
    for (int i = 0; i < 3; ++i) lookup(limiter, "198.51.100.9");
    EXPECT_FALSE(lookup(limiter, "::ffff:198.51.100.9"));
}

TEST(client_address, ignores_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy) {
    std::vector<ip::address> trusted{address("10.0.0.1")};
    EXPECT_EQ(client_address(address("198.51.100.9"), {"203.0.113.7"}, trusted),
              address("198.51.100.9"));
}

TEST(client_address, takes_the_nearest_untrusted_hop_behind_trusted_proxies) {
    std::vector<ip::address> trusted{address("10.0.0.1"), address("10.0.0.2")};
    // The client wrote the first entry itself; only what our proxies appended counts.
    EXPECT_EQ(client_address(address("10.0.0.1"), {"1.2.3.4, 203.0.113.7", "10.0.0.2"}, trusted),
              address("203.0.113.7"));
    EXPECT_EQ(client_address(address("::ffff:10.0.0.1"), {" 203.0.113.7 "}, trusted),
              address("203.0.113.7"));
}

TEST(client_address, falls_back_to_the_peer_when_the_header_cannot_be_read) {
    std::vector<ip::address> trusted{address("10.0.0.1")};
    EXPECT_EQ(client_address(address("10.0.0.1"), {"203.0.113.7, unknown"}, trusted),
              address("10.0.0.1"));
    EXPECT_EQ(client_address(address("10.0.0.1"), {}, trusted), address("10.0.0.1"));
}

}  // namespace
}  // namespace samtal
