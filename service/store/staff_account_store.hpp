// The staff_accounts, staff_password_links and staff_sessions tables, their one owner (migration
// 010): who may sign in to the staff pages, the one-time links to set a password, and the
// sessions of those signed in. Secrets are kept only as SHA-256 (links, session ids) or
// Argon2id (passwords) by the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "service/core/staff_identity.hpp"
#include "service/core/wall_time.hpp"
#include "service/store/database.hpp"

namespace samtal {

struct staff_account {
    std::int64_t id = 0;
    staff_identity identity;  // its name is the account's e-mail address
    std::optional<std::string> password_hash;
};

struct staff_session {
    std::int64_t account = 0;
    std::string csrf;
    sys_seconds created;
    sys_seconds last_seen;
};

class staff_account_store {
public:
    explicit staff_account_store(database& db) : db_(db) {}

    // Adds the account with a link to set its password, all or nothing; nullopt when the
    // e-mail address has an account already.
    std::optional<std::int64_t> add(const staff_identity& who, const std::string& link_hash,
                                    sys_seconds link_expires, sys_seconds now);
    // Adds the account with this password, or brings the one with its e-mail address in line
    // with `who` and the password.
    void provide(const staff_identity& who, const std::string& password_hash, sys_seconds now);
    std::optional<staff_account> by_email(const std::string& email);
    std::optional<staff_account> by_id(std::int64_t id);

    // Sets the password of the link's account and spends the link (and every other link of
    // the account), and ends the account's sessions; the account's id, or nullopt when the
    // link is unknown, spent or expired at `now`.
    std::optional<std::int64_t> use_link(const std::string& link_hash,
                                         const std::string& password_hash, sys_seconds now);

    void start_session(const std::string& id_hash, std::int64_t account, const std::string& csrf,
                       sys_seconds now);
    std::optional<staff_session> session(const std::string& id_hash);
    void touch_session(const std::string& id_hash, sys_seconds now);
    void end_session(const std::string& id_hash);
    void end_sessions_of(std::int64_t account);
    // Drops sessions idle since `idle_before` or begun before `begun_before`, and spent links.
    int forget_stale(sys_seconds idle_before, sys_seconds begun_before, sys_seconds now);

private:
    database& db_;
};

}  // namespace samtal
