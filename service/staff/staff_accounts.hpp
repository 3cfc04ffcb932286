// Signing in to the staff pages with an account of one's own: accounts an operator adds
// (`samtal staff add`, which prints a one-time link to set the password), Argon2id passwords,
// and server-side sessions with idle and absolute timeouts, each with the token its forms carry.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/core/clock.hpp"
#include "service/core/result.hpp"
#include "service/core/staff_identity.hpp"
#include "service/core/unit.hpp"
#include "service/store/staff_account_store.hpp"

namespace samtal {

inline constexpr std::chrono::hours k_password_link_lifetime{24};
inline constexpr std::chrono::minutes k_session_idle_timeout{30};
inline constexpr std::chrono::hours k_session_lifetime{10};  // a working day
inline constexpr std::size_t k_shortest_password = 12;

// A session as its cookie and forms name it.
struct staff_session_view {
    std::string id;    // the cookie's value: only given out when the session starts
    std::string csrf;  // what every form of the session carries
    staff_identity who;
};

class staff_accounts {
public:
    staff_accounts(const std::vector<unit_config>& units, staff_account_store& store, clock now);

    // Adds an account for `who` (its name is the e-mail address) and returns the secret of its
    // one-time link to set a password; refuses an unknown role, unit or advisor id, a taken or
    // malformed address.
    result<std::string> add(staff_identity who);
    // Adds the account for `who` with this Argon2id password hash, or brings the account with
    // its address in line (the configuration's accounts, at start); refuses what add refuses
    // but a taken address, and a hash that is not an affordable Argon2id one.
    result<bool> provide(staff_identity who, const std::string& password_hash);
    // Sets the password of the link's account, once, within its lifetime; ends the account's
    // sessions.
    result<bool> set_password(std::string_view link_secret, std::string_view password);
    // A new session for the address and password, or not_found (the same for an unknown
    // address as for a wrong password, and taking the same time).
    result<staff_session_view> sign_in(std::string_view email, std::string_view password);
    // The session with this id, kept alive, or nullopt when unknown or timed out.
    std::optional<staff_session_view> session(std::string_view session_id);
    // A new session for the account with this address, as the identity provider vouched for
    // it; not_found when there is no such account.
    result<staff_session_view> sign_in_as(std::string_view email);
    // Whether an account has this address (case aside).
    bool knows(std::string_view email);
    void sign_out(std::string_view session_id);
    // Ends every session of the account the session is of.
    void sign_out_everywhere(std::string_view session_id);
    // Drops timed-out sessions and expired links (the minutely purge).
    void forget_stale();

private:
    // What is wrong with `who` as an account (its address lower-cased on the way).
    std::vector<field_error> check(staff_identity& who) const;

    const std::vector<unit_config>& units_;
    staff_account_store& store_;
    clock now_;
    std::string unknown_account_hash_;  // compared against for an unknown address
};

}  // namespace samtal
