// The sealed_contacts table, its one owner: a booking's phone number or join link, sealed
// (privacy/sealed_box), kept until its conversation is over plus the grace period. Every
// statement runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/store/database.hpp"

namespace samtal {

// Keeps `contact` for the booking. With `only_if_booked`, nothing is kept for a booking
// cancelled meanwhile (a hosted meeting's link arriving after the cancellation).
void keep_contact(database::connection& db, std::int64_t booking_id, const sealed_contact& contact,
                  bool only_if_booked = false);

std::optional<sealed_contact> read_sealed_contact(database::connection& db,
                                                  std::int64_t booking_id);

// The contact is kept until `destroy_after` (the moved conversation's end plus the grace).
void keep_contact_until(database::connection& db, std::int64_t booking_id,
                        sys_minutes destroy_after);

// Overwrites, then deletes the booking's contact, so the sealed bytes do not survive in a
// free page.
void destroy_contact(database::connection& db, std::int64_t booking_id);

// The ids of the keys that sealed the contacts still kept (service/privacy/sealed_box).
std::vector<std::string> contact_key_ids(database::connection& db);

// The bookings whose contact is to be destroyed by `now`.
std::vector<std::int64_t> contacts_expired_by(database::connection& db, sys_seconds now);

}  // namespace samtal
