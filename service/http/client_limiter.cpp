#include "service/http/client_limiter.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace samtal {
namespace {

namespace ip = boost::asio::ip;
using namespace std::chrono_literals;

// How long a client waits when the table has no room: about as long as it takes an entry to
// be forgotten once it has refilled.
constexpr std::chrono::seconds k_wait_when_full{60};
// A full table is swept for refilled entries at most this often, so that a flood of new
// addresses cannot turn every request into a walk over the whole table.
constexpr std::chrono::seconds k_sweep_interval{1};

// IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address it maps.
ip::address plain(const ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return ip::make_address_v4(ip::v4_mapped, address.to_v6());
    return address;
}

bool is_trusted(const ip::address& address, const std::vector<ip::address>& trusted) {
    return std::find(trusted.begin(), trusted.end(), plain(address)) != trusted.end();
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

ip::address client_address(const ip::address& peer,
                           const std::vector<std::string_view>& forwarded_for,
                           const std::vector<ip::address>& trusted) {
    if (!is_trusted(peer, trusted)) return plain(peer);
    std::vector<ip::address> hops;
    for (auto header : forwarded_for) {
        while (true) {
            auto comma = header.find(',');
            auto item = trimmed(header.substr(0, comma));
            boost::system::error_code ec;
            auto address = ip::make_address(std::string(item), ec);
            if (ec) return plain(peer);
            hops.push_back(plain(address));
            if (comma == std::string_view::npos) break;
            header.remove_prefix(comma + 1);
        }
    }
    // The rightmost hop was added by the proxy nearest to us; the first one that is not a
    // proxy of ours is the client. Anything left of it the client could have written itself.
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop)
        if (!is_trusted(*hop, trusted)) return *hop;
    return hops.empty() ? plain(peer) : hops.front();
}

client_limiter::client_limiter(const abuse_limits_config& limits,
                               std::function<clock::time_point()> now)
    : attempts_{double(limits.booking_attempts_per_hour), 1h},
      bookings_{double(limits.bookings_per_day), 24h},
      wrong_codes_{double(limits.wrong_codes_per_hour), 1h},
      capacity_(std::size_t(limits.tracked_addresses)),
      now_(std::move(now)) {
    for (const auto& proxy : limits.trusted_proxies)
        trusted_.push_back(plain(ip::make_address(proxy)));
    if (RAND_bytes(hash_key_.data(), int(hash_key_.size())) != 1)
        throw std::runtime_error("no random bytes for the client limiter's key");
}

std::size_t client_limiter::key_hash::operator()(const address_key& key) const {
    std::size_t value;
    std::memcpy(&value, key.data(), sizeof value);
    return value;
}

client_limiter::address_key client_limiter::key_of(const ip::address& client) const {
    // One IPv6 client usually holds a whole /64, so the /64 is what is limited.
    unsigned char bytes[9];
    std::size_t size;
    auto address = plain(client);
    if (address.is_v4()) {
        auto v4 = address.to_v4().to_bytes();
        bytes[0] = 4;
        std::memcpy(bytes + 1, v4.data(), v4.size());
        size = 1 + v4.size();
    } else {
        auto v6 = address.to_v6().to_bytes();
        bytes[0] = 6;
        std::memcpy(bytes + 1, v6.data(), 8);
        size = 9;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    HMAC(EVP_sha256(), hash_key_.data(), int(hash_key_.size()), bytes, size, digest, &digest_size);
    address_key key;
    std::memcpy(key.data(), digest, key.size());
    return key;
}

void client_limiter::refill(allowance& budget, const rate& limit, clock::time_point now) {
    std::chrono::duration<double> elapsed = now - budget.updated;
    if (elapsed.count() > 0)
        budget.tokens =
            std::min(limit.capacity, budget.tokens + limit.capacity * elapsed / limit.period);
    budget.updated = now;
}

std::chrono::seconds client_limiter::wait_for_one(const allowance& budget, const rate& limit) {
    auto missing = 1.0 - budget.tokens;
    auto seconds = std::ceil(missing * limit.period.count() / limit.capacity);
    return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(seconds)));
}

void client_limiter::give_back(allowance& budget, const rate& limit) {
    budget.tokens = std::min(limit.capacity, budget.tokens + 1.0);
}

bool client_limiter::forget_refilled(clock::time_point now) {
    if (now - last_sweep_ < k_sweep_interval) return false;
    last_sweep_ = now;
    for (auto it = entries_.begin(); it != entries_.end();) {
        auto& found = it->second;
        refill(found.attempts, attempts_, now);
        refill(found.bookings, bookings_, now);
        refill(found.wrong_codes, wrong_codes_, now);
        // A full allowance is what an unknown address gets, so nothing is lost by forgetting.
        bool refilled = found.attempts.tokens >= attempts_.capacity &&
                        found.bookings.tokens >= bookings_.capacity &&
                        found.wrong_codes.tokens >= wrong_codes_.capacity;
        it = refilled ? entries_.erase(it) : std::next(it);
    }
    return entries_.size() < capacity_;
}

client_limiter::entry* client_limiter::entry_for(const address_key& key, clock::time_point now) {
    auto found = entries_.find(key);
    if (found != entries_.end()) return &found->second;
    if (entries_.size() >= capacity_ && !forget_refilled(now)) return nullptr;
    entry fresh{{attempts_.capacity, now}, {bookings_.capacity, now}, {wrong_codes_.capacity, now}};
    return &entries_.emplace(key, fresh).first->second;
}

client_limiter::ticket client_limiter::admit(client_limit kind, const ip::address& client) {
    ticket answer{kind, key_of(client)};
    if (kind == client_limit::none) return answer;
    auto now = now_();
    std::lock_guard lock(mutex_);
    auto* found = entry_for(answer.key, now);
    if (!found) {
        answer.admitted = false;
        answer.retry_after = k_wait_when_full;
        return answer;
    }
    if (kind == client_limit::code_lookup) {
        refill(found->wrong_codes, wrong_codes_, now);
        if (found->wrong_codes.tokens < 1.0) {
            answer.admitted = false;
            answer.retry_after = wait_for_one(found->wrong_codes, wrong_codes_);
            return answer;
        }
        found->wrong_codes.tokens -= 1.0;
        return answer;
    }
    refill(found->attempts, attempts_, now);
    refill(found->bookings, bookings_, now);
    if (found->attempts.tokens < 1.0 || found->bookings.tokens < 1.0) {
        answer.admitted = false;
        answer.retry_after =
            std::max(found->attempts.tokens < 1.0 ? wait_for_one(found->attempts, attempts_) : 0s,
                     found->bookings.tokens < 1.0 ? wait_for_one(found->bookings, bookings_) : 0s);
        return answer;
    }
    found->attempts.tokens -= 1.0;
    found->bookings.tokens -= 1.0;
    return answer;
}

void client_limiter::settle(const ticket& admitted, unsigned status) {
    if (admitted.kind == client_limit::none || !admitted.admitted) return;
    // A wrong code answers 404, a wrong staff password 401: those cost.
    bool found_booking = status != 404 && status != 401;
    bool made_booking = status >= 200 && status < 300;
    std::lock_guard lock(mutex_);
    auto found = entries_.find(admitted.key);
    if (found == entries_.end()) return;
    if (admitted.kind == client_limit::code_lookup && found_booking)
        give_back(found->second.wrong_codes, wrong_codes_);
    if (admitted.kind == client_limit::booking && !made_booking)
        give_back(found->second.bookings, bookings_);
}

}  // namespace samtal
