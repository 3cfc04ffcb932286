#include "service/staff/staff_accounts.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <stdexcept>

#include "service/core/advisor_rules.hpp"
#include "service/privacy/password_hash.hpp"

namespace samtal {
namespace {

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> random(bytes);
    if (RAND_bytes(random.data(), int(random.size())) != 1)
        throw std::runtime_error("no randomness for a staff secret");
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (auto byte : random) text += {hex[byte >> 4], hex[byte & 15]};
    return text;
}

// What the store keeps of a link's or a session's secret.
std::string digest(std::string_view secret) {
    std::string out(SHA256_DIGEST_LENGTH, '\0');
    SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
           reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

bool is_secret(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

failure not_found() { return failure{failure_kind::not_found, {}}; }

}  // namespace

staff_accounts::staff_accounts(const std::vector<unit_config>& units, staff_account_store& store,
                               clock now)
    : units_(units),
      store_(store),
      now_(std::move(now)),
      unknown_account_hash_(hash_password(random_hex(16))) {}

std::vector<field_error> staff_accounts::check(staff_identity& who) const {
    who.name = lower(who.name);
    std::vector<field_error> errors;
    auto at = who.name.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == who.name.size() || who.name.size() > 254 ||
        std::any_of(who.name.begin(), who.name.end(), [](unsigned char c) { return c <= ' '; }))
        errors.push_back({"email", "invalid_email"});
    if (std::find(std::begin(k_staff_roles), std::end(k_staff_roles), who.role) ==
        std::end(k_staff_roles))
        errors.push_back({"role", "invalid_choice"});
    if (who.role != "operator" && !find_unit(units_, who.unit))
        errors.push_back({"unit", "unknown_unit"});
    if (who.role == "advisor" ? !is_advisor_id(who.advisor) : !who.advisor.empty())
        errors.push_back({"advisor", "invalid_id"});
    return errors;
}

result<std::string> staff_accounts::add(staff_identity who) {
    if (auto errors = check(who); !errors.empty()) return failure::invalid(std::move(errors));
    auto secret = random_hex(32);
    auto now = now_in_seconds(now_);
    if (!store_.add(who, digest(secret), now + k_password_link_lifetime, now))
        return failure::invalid("email", "taken");
    return secret;
}

result<bool> staff_accounts::provide(staff_identity who, const std::string& password_hash) {
    auto errors = check(who);
    if (!is_password_hash(password_hash)) errors.push_back({"password", "invalid_hash"});
    if (!errors.empty()) return failure::invalid(std::move(errors));
    store_.provide(who, password_hash, now_in_seconds(now_));
    return true;
}

result<bool> staff_accounts::set_password(std::string_view link_secret, std::string_view password) {
    if (password.size() < k_shortest_password || password.size() > 1024)
        return failure::invalid("password", "too_short");
    if (!is_secret(link_secret)) return not_found();
    if (!store_.use_link(digest(link_secret), hash_password(password), now_in_seconds(now_)))
        return not_found();
    return true;
}

result<staff_session_view> staff_accounts::sign_in(std::string_view email,
                                                   std::string_view password) {
    auto account = email.size() <= 254 ? store_.by_email(lower(email)) : std::nullopt;
    // An unknown address costs an Argon2 comparison too, so timing does not tell it apart.
    bool matches = password_matches(
        account && account->password_hash ? *account->password_hash : unknown_account_hash_,
        password);
    if (!account || !account->password_hash || !matches) return not_found();
    staff_session_view view{random_hex(32), random_hex(16), account->identity};
    store_.start_session(digest(view.id), account->id, view.csrf, now_in_seconds(now_));
    return view;
}

bool staff_accounts::knows(std::string_view email) {
    return email.size() <= 254 && store_.by_email(lower(email)).has_value();
}

result<staff_session_view> staff_accounts::sign_in_as(std::string_view email) {
    auto account = email.size() <= 254 ? store_.by_email(lower(email)) : std::nullopt;
    if (!account) return not_found();
    staff_session_view view{random_hex(32), random_hex(16), account->identity};
    store_.start_session(digest(view.id), account->id, view.csrf, now_in_seconds(now_));
    return view;
}

std::optional<staff_session_view> staff_accounts::session(std::string_view session_id) {
    if (!is_secret(session_id)) return std::nullopt;
    auto id_hash = digest(session_id);
    auto found = store_.session(id_hash);
    auto now = now_in_seconds(now_);
    if (!found) return std::nullopt;
    if (now - found->last_seen >= k_session_idle_timeout ||
        now - found->created >= k_session_lifetime) {
        store_.end_session(id_hash);
        return std::nullopt;
    }
    auto account = store_.by_id(found->account);
    if (!account) return std::nullopt;
    // Written at most once a minute: a page view is a read, not a write each time.
    if (now - found->last_seen >= std::chrono::minutes{1}) store_.touch_session(id_hash, now);
    return staff_session_view{"", found->csrf, account->identity};
}

void staff_accounts::sign_out(std::string_view session_id) {
    if (is_secret(session_id)) store_.end_session(digest(session_id));
}

void staff_accounts::forget_stale() {
    auto now = now_in_seconds(now_);
    store_.forget_stale(now - k_session_idle_timeout, now - k_session_lifetime, now);
}

void staff_accounts::sign_out_everywhere(std::string_view session_id) {
    if (!is_secret(session_id)) return;
    if (auto found = store_.session(digest(session_id))) store_.end_sessions_of(found->account);
}

}  // namespace samtal
