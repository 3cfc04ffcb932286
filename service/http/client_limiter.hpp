// Abuse limits per client address: how many bookings an address may try and make, and how
// many wrong booking codes it may type, before it is asked to wait. A wrong code costs the
// address that typed it, never the booking it aimed at, so a guesser cannot lock a parent out.
//
// Addresses live in memory only and never as themselves: each is reduced to a keyed hash
// whose key is made at start-up and never leaves the process, so neither a core dump of the
// table nor a restart links an entry back to an address. When the table is full of addresses
// that are still under a limit, limited requests are refused (fail closed).
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "service/http/settings.hpp"
#include "service/http/router.hpp"

namespace samtal {

// The address a request comes from: the peer, unless the peer is a trusted proxy; then the
// nearest address in X-Forwarded-For (read from the right) that is not a trusted proxy. A
// header that cannot be read leaves the peer as the client, which limits the proxy as a whole
// rather than letting anyone through.
boost::asio::ip::address client_address(const boost::asio::ip::address& peer,
                                        const std::vector<std::string_view>& forwarded_for,
                                        const std::vector<boost::asio::ip::address>& trusted);

class client_limiter {
public:
    using clock = std::chrono::steady_clock;
    using address_key = std::array<unsigned char, 16>;

    explicit client_limiter(const abuse_limits_config& limits,
                            std::function<clock::time_point()> now = clock::now);

    // The answer for one request: whether it may go on and, if not, when to try again.
    struct ticket {
        client_limit kind = client_limit::none;
        address_key key{};
        bool admitted = true;
        std::chrono::seconds retry_after{0};
    };

    // Takes what a request of `kind` from `client` costs, or says how long until the address
    // has enough again. Taken up front, so that parallel requests cannot overspend.
    ticket admit(client_limit kind, const boost::asio::ip::address& client);

    // Settles an admitted ticket once the answer's status is known: a lookup that found its
    // booking and a booking attempt that made no booking give back what they held for it.
    void settle(const ticket& admitted, unsigned status);

    // The trusted proxies from the configuration, parsed.
    const std::vector<boost::asio::ip::address>& trusted_proxies() const { return trusted_; }

private:
    // A budget that refills evenly: `capacity` per `period`.
    struct allowance {
        double tokens;
        clock::time_point updated;
    };
    struct rate {
        double capacity;
        std::chrono::duration<double> period;
    };
    struct entry {
        allowance attempts;     // booking attempts per hour
        allowance bookings;     // bookings made per day
        allowance wrong_codes;  // wrong codes per hour
    };
    struct key_hash {
        std::size_t operator()(const address_key& key) const;
    };

    address_key key_of(const boost::asio::ip::address& client) const;
    entry* entry_for(const address_key& key, clock::time_point now);
    bool forget_refilled(clock::time_point now);
    static void refill(allowance& budget, const rate& limit, clock::time_point now);
    static std::chrono::seconds wait_for_one(const allowance& budget, const rate& limit);
    static void give_back(allowance& budget, const rate& limit);

    rate attempts_;
    rate bookings_;
    rate wrong_codes_;
    std::size_t capacity_;
    std::vector<boost::asio::ip::address> trusted_;
    std::function<clock::time_point()> now_;
    std::array<unsigned char, 32> hash_key_{};

    std::mutex mutex_;
    std::unordered_map<address_key, entry, key_hash> entries_;
    clock::time_point last_sweep_{};
};

}  // namespace samtal
