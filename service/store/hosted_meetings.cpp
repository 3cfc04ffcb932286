#include "service/store/hosted_meetings.hpp"

#include "service/store/booking_store.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_select =
    "SELECT meeting_id, start_at, end_at FROM hosted_meetings WHERE booking_id = ?";
constexpr std::string_view k_insert = R"sql(
    INSERT INTO hosted_meetings (booking_id, platform, meeting_id, start_at, end_at)
    SELECT id, ?, ?, ?, ? FROM bookings WHERE id = ? AND status = 'booked')sql";
constexpr std::string_view k_move =
    "UPDATE hosted_meetings SET start_at = ?, end_at = ? WHERE booking_id = ?";
constexpr std::string_view k_delete = "DELETE FROM hosted_meetings WHERE booking_id = ?";

}  // namespace

std::optional<stored_meeting> find_hosted_meeting(database::connection& db,
                                                  std::int64_t booking_id) {
    auto meeting = db.prepared(k_select);
    meeting->bind(1, booking_id);
    if (!meeting->executeStep()) return std::nullopt;
    return stored_meeting{meeting->getColumn(0).getString(),
                          from_unix_seconds(meeting->getColumn(1).getInt64()),
                          from_unix_seconds(meeting->getColumn(2).getInt64())};
}

void keep_hosted_meeting(database::connection& db, std::int64_t booking_id,
                         const std::string& platform, const stored_meeting& meeting) {
    auto insert = db.prepared(k_insert);
    insert->bind(1, platform);
    insert->bind(2, meeting.id);
    insert->bind(3, unix_seconds(meeting.start));
    insert->bind(4, unix_seconds(meeting.end));
    insert->bind(5, booking_id);
    insert->exec();
}

void hosted_meeting_moved(database::connection& db, std::int64_t booking_id, sys_minutes start,
                          sys_minutes end) {
    auto move = db.prepared(k_move);
    move->bind(1, unix_seconds(start));
    move->bind(2, unix_seconds(end));
    move->bind(3, booking_id);
    move->exec();
}

void forget_hosted_meeting(database::connection& db, std::int64_t booking_id) {
    auto forget = db.prepared(k_delete);
    forget->bind(1, booking_id);
    forget->exec();
}

}  // namespace samtal
