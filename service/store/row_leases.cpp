#include "service/store/row_leases.hpp"

#include "service/privacy/secret_key.hpp"

namespace samtal {

row_leases::row_leases(database& db, const leased_table& table) : db_(db) {
    // ?1 now, ?2 limit, ?3 the new lease's holder, ?4 its expiry. The subquery picks the rows;
    // on PostgreSQL it also locks them, skipping rows another instance's claim has locked.
    auto skip_locked = db.engine() == store_engine::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
    auto name = std::string(table.name), key = std::string(table.key);
    claim_sql_ = "UPDATE " + name + " SET lease_holder = ?3, lease_until = ?4" +
                 (table.on_claim.empty() ? "" : ", " + std::string(table.on_claim)) + " WHERE " +
                 key + " IN (SELECT " + key + " FROM " + name + " WHERE (" +
                 std::string(table.due) + ") AND lease_until <= ?1 ORDER BY " +
                 std::string(table.order) + " LIMIT ?2" + skip_locked + ") RETURNING " +
                 std::string(table.columns);
    release_sql_ = "UPDATE " + name + " SET lease_holder = '', lease_until = 0 WHERE " + key +
                   " = ? AND lease_holder = ?";
    give_back_sql_ = "UPDATE " + name + " SET lease_holder = '', lease_until = 0" +
                     (table.undo_claim.empty() ? "" : ", " + std::string(table.undo_claim)) +
                     " WHERE " + key + " = ? AND lease_holder = ?";
}

std::string row_leases::claim(std::int64_t now_ms, int limit, std::chrono::milliseconds lease,
                              const std::function<void(statement&)>& read) {
    // A token of its own for each claim: a row claimed again later, even by this instance,
    // is recorded under the newer lease only. It starts with the instance's id, and says
    // nothing else.
    auto holder = db_.instance() + ":" + random_hex(16);
    db_.claim([&](database::connection& db) {
        auto update = db.prepared(claim_sql_);
        update->bind(1, now_ms);
        update->bind(2, limit);
        update->bind(3, holder);
        update->bind(4, now_ms + lease.count());
        while (update->executeStep()) read(*update);
    });
    return holder;
}

bool row_leases::release(database::connection& db, std::int64_t key,
                         const std::string& holder) const {
    auto release = db.prepared(release_sql_);
    release->bind(1, key);
    release->bind(2, holder);
    return release->exec() == 1;
}

void row_leases::give_back(std::int64_t key, const std::string& holder) {
    db_.write([&](database::connection& db) {
        auto give_back = db.prepared(give_back_sql_);
        give_back->bind(1, key);
        give_back->bind(2, holder);
        give_back->exec();
    });
}

void end_leases_of_this_instance_before(database& db) {
    // Only one process at a time works on a SQLite store: every lease there is a killed one's.
    bool every = db.engine() == store_engine::sqlite;
    db.write([&](database::connection& connection) {
        for (std::string_view table : {"outbox", "dial_jobs", "text_reminders"}) {
            auto end = connection.prepared("UPDATE " + std::string(table) +
                                           " SET lease_holder = '', lease_until = 0 WHERE "
                                           "lease_holder <> '' AND lease_holder LIKE ?");
            end->bind(1, every ? std::string("%") : db.instance() + ":%");
            end->exec();
        }
    });
}

}  // namespace samtal
