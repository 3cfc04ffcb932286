#include "service/store/staff_account_store.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_insert_account = R"sql(
    INSERT INTO staff_accounts (email, role, unit, advisor, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING RETURNING id)sql";
constexpr std::string_view k_provide_account = R"sql(
    INSERT INTO staff_accounts (email, role, unit, advisor, password_hash, created_at)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (email) DO UPDATE SET role = excluded.role, unit = excluded.unit,
        advisor = excluded.advisor, password_hash = excluded.password_hash)sql";
constexpr std::string_view k_insert_link = R"sql(
    INSERT INTO staff_password_links (secret_hash, account, expires_at) VALUES (?, ?, ?))sql";
constexpr std::string_view k_select_account =
    "SELECT id, email, role, unit, advisor, password_hash FROM staff_accounts WHERE ";
constexpr std::string_view k_select_link =
    "SELECT account FROM staff_password_links WHERE secret_hash = ? AND expires_at > ?";
constexpr std::string_view k_delete_links = "DELETE FROM staff_password_links WHERE account = ?";
constexpr std::string_view k_set_password =
    "UPDATE staff_accounts SET password_hash = ? WHERE id = ?";
constexpr std::string_view k_insert_session = R"sql(
    INSERT INTO staff_sessions (id_hash, account, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?))sql";
constexpr std::string_view k_select_session =
    "SELECT account, csrf, created_at, last_seen_at FROM staff_sessions WHERE id_hash = ?";
constexpr std::string_view k_touch_session =
    "UPDATE staff_sessions SET last_seen_at = ? WHERE id_hash = ?";
constexpr std::string_view k_delete_session = "DELETE FROM staff_sessions WHERE id_hash = ?";
constexpr std::string_view k_delete_sessions_of = "DELETE FROM staff_sessions WHERE account = ?";
constexpr std::string_view k_delete_stale_sessions =
    "DELETE FROM staff_sessions WHERE last_seen_at < ? OR created_at < ?";
constexpr std::string_view k_delete_stale_links =
    "DELETE FROM staff_password_links WHERE expires_at <= ?";

std::int64_t seconds(sys_seconds t) { return t.time_since_epoch().count(); }
sys_seconds at(std::int64_t s) { return sys_seconds{std::chrono::seconds{s}}; }

void bind_blob(statement& statement, int index, const std::string& bytes) {
    statement.bind(index, bytes.data(), int(bytes.size()));
}

std::optional<staff_account> find_account(database::connection& db, std::string_view where,
                                          const auto& key) {
    auto query = db.prepared(std::string(k_select_account) + std::string(where));
    query->bind(1, key);
    if (!query->executeStep()) return std::nullopt;
    staff_account account;
    account.id = query->getColumn(0).getInt64();
    account.identity = {query->getColumn(1).getString(), query->getColumn(2).getString(),
                        query->getColumn(3).getString(), query->getColumn(4).getString()};
    if (!query->getColumn(5).isNull()) account.password_hash = query->getColumn(5).getString();
    return account;
}

}  // namespace

std::optional<std::int64_t> staff_account_store::add(const staff_identity& who,
                                                     const std::string& link_hash,
                                                     sys_seconds link_expires, sys_seconds now) {
    std::optional<std::int64_t> added;
    db_.write([&](database::connection& db) {
        added.reset();
        auto insert = db.prepared(k_insert_account);
        insert->bind(1, who.name);
        insert->bind(2, who.role);
        insert->bind(3, who.unit);
        insert->bind(4, who.advisor);
        insert->bind(5, seconds(now));
        added = insert->exec_returning_id();
        if (!added) return;
        auto link = db.prepared(k_insert_link);
        bind_blob(*link, 1, link_hash);
        link->bind(2, *added);
        link->bind(3, seconds(link_expires));
        link->exec();
    });
    return added;
}

void staff_account_store::provide(const staff_identity& who, const std::string& password_hash,
                                  sys_seconds now) {
    db_.write([&](database::connection& db) {
        auto upsert = db.prepared(k_provide_account);
        upsert->bind(1, who.name);
        upsert->bind(2, who.role);
        upsert->bind(3, who.unit);
        upsert->bind(4, who.advisor);
        upsert->bind(5, password_hash);
        upsert->bind(6, seconds(now));
        upsert->exec();
    });
}

std::optional<staff_account> staff_account_store::by_email(const std::string& email) {
    std::optional<staff_account> found;
    db_.read([&](database::connection& db) { found = find_account(db, "email = ?", email); });
    return found;
}

std::optional<staff_account> staff_account_store::by_id(std::int64_t id) {
    std::optional<staff_account> found;
    db_.read([&](database::connection& db) { found = find_account(db, "id = ?", id); });
    return found;
}

std::optional<std::int64_t> staff_account_store::use_link(const std::string& link_hash,
                                                          const std::string& password_hash,
                                                          sys_seconds now) {
    std::optional<std::int64_t> account;
    db_.write([&](database::connection& db) {
        account.reset();
        auto link = db.prepared(k_select_link);
        bind_blob(*link, 1, link_hash);
        link->bind(2, seconds(now));
        if (!link->executeStep()) return;
        account = link->getColumn(0).getInt64();
        link->reset();
        auto set = db.prepared(k_set_password);
        set->bind(1, password_hash);
        set->bind(2, *account);
        set->exec();
        for (auto sql : {k_delete_links, k_delete_sessions_of}) {
            auto remove = db.prepared(sql);
            remove->bind(1, *account);
            remove->exec();
        }
    });
    return account;
}

void staff_account_store::start_session(const std::string& id_hash, std::int64_t account,
                                        const std::string& csrf, sys_seconds now) {
    db_.write([&](database::connection& db) {
        auto insert = db.prepared(k_insert_session);
        bind_blob(*insert, 1, id_hash);
        insert->bind(2, account);
        insert->bind(3, csrf);
        insert->bind(4, seconds(now));
        insert->bind(5, seconds(now));
        insert->exec();
    });
}

std::optional<staff_session> staff_account_store::session(const std::string& id_hash) {
    std::optional<staff_session> found;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(k_select_session);
        bind_blob(*query, 1, id_hash);
        if (query->executeStep())
            found = staff_session{query->getColumn(0).getInt64(), query->getColumn(1).getString(),
                                  at(query->getColumn(2).getInt64()),
                                  at(query->getColumn(3).getInt64())};
    });
    return found;
}

void staff_account_store::touch_session(const std::string& id_hash, sys_seconds now) {
    db_.write([&](database::connection& db) {
        auto touch = db.prepared(k_touch_session);
        touch->bind(1, seconds(now));
        bind_blob(*touch, 2, id_hash);
        touch->exec();
    });
}

void staff_account_store::end_session(const std::string& id_hash) {
    db_.write([&](database::connection& db) {
        auto remove = db.prepared(k_delete_session);
        bind_blob(*remove, 1, id_hash);
        remove->exec();
    });
}

void staff_account_store::end_sessions_of(std::int64_t account) {
    db_.write([&](database::connection& db) {
        auto remove = db.prepared(k_delete_sessions_of);
        remove->bind(1, account);
        remove->exec();
    });
}

int staff_account_store::forget_stale(sys_seconds idle_before, sys_seconds begun_before,
                                      sys_seconds now) {
    int forgotten = 0;
    db_.write([&](database::connection& db) {
        auto sessions = db.prepared(k_delete_stale_sessions);
        sessions->bind(1, seconds(idle_before));
        sessions->bind(2, seconds(begun_before));
        forgotten = sessions->exec();
        auto links = db.prepared(k_delete_stale_links);
        links->bind(1, seconds(now));
        links->exec();
    });
    return forgotten;
}

}  // namespace samtal
