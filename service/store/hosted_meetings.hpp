// The hosted_meetings table, its one owner: the provider's id of a meeting the unit hosts for
// a booking, and the time it was made for. Every statement runs inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "service/core/wall_time.hpp"
#include "service/store/database.hpp"

namespace samtal {

// A meeting the unit hosts for a booking: the provider's id and the time it was made for.
struct stored_meeting {
    std::string id;
    sys_minutes start;
    sys_minutes end;
};

std::optional<stored_meeting> find_hosted_meeting(database::connection& db,
                                                  std::int64_t booking_id);

// Keeps the meeting made for the booking, unless the booking was cancelled meanwhile.
void keep_hosted_meeting(database::connection& db, std::int64_t booking_id,
                         const std::string& platform, const stored_meeting& meeting);

void hosted_meeting_moved(database::connection& db, std::int64_t booking_id, sys_minutes start,
                          sys_minutes end);

void forget_hosted_meeting(database::connection& db, std::int64_t booking_id);

}  // namespace samtal
