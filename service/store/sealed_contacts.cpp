#include "service/store/sealed_contacts.hpp"

#include "service/store/booking_store.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_insert = R"sql(
    INSERT INTO sealed_contacts (booking_id, key_id, sealed, destroy_after) VALUES (?, ?, ?, ?))sql";
constexpr std::string_view k_insert_if_booked = R"sql(
    INSERT INTO sealed_contacts (booking_id, key_id, sealed, destroy_after)
    SELECT id, ?, ?, ? FROM bookings WHERE id = ? AND status = 'booked')sql";
constexpr std::string_view k_select =
    "SELECT key_id, sealed, destroy_after FROM sealed_contacts WHERE booking_id = ?";
constexpr std::string_view k_keep_until =
    "UPDATE sealed_contacts SET destroy_after = ? WHERE booking_id = ?";
// On SQLite, overwritten before the row is deleted, so the sealed bytes do not survive in a
// free page. PostgreSQL has no zeroblob, and an overwrite there would only add a row version
// beside the old one: the row is deleted, and vacuum reclaims its space.
constexpr std::string_view k_wipe = R"sql(
    UPDATE sealed_contacts SET sealed = zeroblob(length(sealed)) WHERE booking_id = ?)sql";
constexpr std::string_view k_key_ids = "SELECT DISTINCT key_id FROM sealed_contacts";
constexpr std::string_view k_delete = "DELETE FROM sealed_contacts WHERE booking_id = ?";
constexpr std::string_view k_expired =
    "SELECT booking_id FROM sealed_contacts WHERE destroy_after <= ?";

}  // namespace

void keep_contact(database::connection& db, std::int64_t booking_id, const sealed_contact& contact,
                  bool only_if_booked) {
    if (only_if_booked) {
        auto insert = db.prepared(k_insert_if_booked);
        insert->bind(1, contact.key_id);
        insert->bind(2, contact.sealed.data(), int(contact.sealed.size()));
        insert->bind(3, unix_seconds(contact.destroy_after));
        insert->bind(4, booking_id);
        insert->exec();
        return;
    }
    auto insert = db.prepared(k_insert);
    insert->bind(1, booking_id);
    insert->bind(2, contact.key_id);
    insert->bind(3, contact.sealed.data(), int(contact.sealed.size()));
    insert->bind(4, unix_seconds(contact.destroy_after));
    insert->exec();
}

std::optional<sealed_contact> read_sealed_contact(database::connection& db,
                                                  std::int64_t booking_id) {
    auto contact = db.prepared(k_select);
    contact->bind(1, booking_id);
    if (!contact->executeStep()) return std::nullopt;
    return sealed_contact{contact->getColumn(0).getString(), contact->getColumn(1).getString(),
                          from_unix_seconds(contact->getColumn(2).getInt64())};
}

void keep_contact_until(database::connection& db, std::int64_t booking_id,
                        sys_minutes destroy_after) {
    auto update = db.prepared(k_keep_until);
    update->bind(1, unix_seconds(destroy_after));
    update->bind(2, booking_id);
    update->exec();
}

void destroy_contact(database::connection& db, std::int64_t booking_id) {
    for (auto statement : {k_wipe, k_delete}) {
        if (statement == k_wipe && db.engine() != store_engine::sqlite) continue;
        auto query = db.prepared(statement);
        query->bind(1, booking_id);
        query->exec();
    }
}

std::vector<std::string> contact_key_ids(database::connection& db) {
    std::vector<std::string> ids;
    auto query = db.prepared(k_key_ids);
    while (query->executeStep()) ids.push_back(query->getColumn(0).getString());
    return ids;
}

std::vector<std::int64_t> contacts_expired_by(database::connection& db, sys_seconds now) {
    std::vector<std::int64_t> expired;
    auto query = db.prepared(k_expired);
    query->bind(1, std::int64_t(now.time_since_epoch().count()));
    while (query->executeStep()) expired.push_back(query->getColumn(0).getInt64());
    return expired;
}

}  // namespace samtal
