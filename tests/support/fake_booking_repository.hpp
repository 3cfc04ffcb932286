// An in-memory booking_repository (service/core/booking_repository.hpp) for tests of what
// sits on the booking core: the web pages' and the API's handlers. It keeps bookings in a
// vector and refuses a candidate whose advisor is busy then, as the database's constraint
// would; it stores no contact data.
#pragma once

#include <map>
#include <vector>

#include "service/core/booking_repository.hpp"

namespace samtal::testing {

class fake_booking_repository : public booking_repository {
public:
    std::vector<busy_period> busy_periods(const std::string& unit, sys_minutes from,
                                          sys_minutes to) override {
        std::vector<busy_period> busy;
        for (const auto& booking : bookings_)
            if (booking.unit == unit && booking.status == booking_status::booked &&
                booking.start >= from && booking.start < to)
                busy.push_back({booking.id, booking.advisor, booking.start, booking.end});
        return busy;
    }

    std::optional<booking_record> insert(booking_record booking,
                                         const std::vector<assignment>& candidates,
                                         std::chrono::minutes buffer, const std::string& code_hash,
                                         const std::optional<sealed_contact>&,
                                         const std::optional<interpreter_order>&) override {
        for (const auto& candidate : candidates) {
            if (busy(candidate.advisor, booking.start, booking.end + buffer, 0)) continue;
            booking.id = std::int64_t(bookings_.size()) + 1;
            booking.advisor = candidate.advisor;
            booking.site = candidate.site;
            booking.interpreter = candidate.interpreter;
            bookings_.push_back(booking);
            codes_[code_hash] = booking.id;
            return booking;
        }
        return std::nullopt;
    }

    std::optional<booking_record> find_booked(const std::string& code_hash) override {
        auto found = codes_.find(code_hash);
        if (found == codes_.end()) return std::nullopt;
        const auto& booking = bookings_[std::size_t(found->second - 1)];
        if (booking.status != booking_status::booked) return std::nullopt;
        return booking;
    }

    std::optional<sealed_contact> contact_of(std::int64_t) override { return std::nullopt; }

    std::optional<booking_record> cancel(std::int64_t booking_id) override {
        auto& booking = bookings_[std::size_t(booking_id - 1)];
        booking.status = booking_status::cancelled;
        ++booking.sequence;
        return booking;
    }

    std::optional<booking_record> move(std::int64_t booking_id, sys_minutes start, sys_minutes end,
                                       const std::vector<assignment>& candidates,
                                       std::chrono::minutes buffer, sys_minutes,
                                       const std::optional<interpreter_order>&,
                                       std::optional<int> expected_sequence) override {
        if (expected_sequence &&
            bookings_[std::size_t(booking_id - 1)].sequence != *expected_sequence)
            return std::nullopt;
        for (const auto& candidate : candidates) {
            if (busy(candidate.advisor, start, end + buffer, booking_id)) continue;
            auto& booking = bookings_[std::size_t(booking_id - 1)];
            booking.start = start;
            booking.end = end;
            booking.advisor = candidate.advisor;
            booking.site = candidate.site;
            ++booking.sequence;
            return booking;
        }
        return std::nullopt;
    }

    std::optional<booking_record> find_by_uid(const std::string& calendar_uid) override {
        for (const auto& booking : bookings_)
            if (booking.calendar_uid == calendar_uid) return booking;
        return std::nullopt;
    }

    std::vector<booking_record> booked_between(const std::string& unit, sys_minutes from,
                                               sys_minutes to) override {
        std::vector<booking_record> booked;
        for (const auto& booking : bookings_)
            if (booking.unit == unit && booking.status == booking_status::booked &&
                booking.start >= from && booking.start < to)
                booked.push_back(booking);
        return booked;
    }

    std::optional<booking_record> record_outcome(std::int64_t booking_id,
                                                 const std::string& outcome) override {
        auto& booking = bookings_[std::size_t(booking_id - 1)];
        if (booking.status != booking_status::booked) return std::nullopt;
        booking.outcome = outcome;
        return booking;
    }

    const std::vector<booking_record>& bookings() const { return bookings_; }

private:
    bool busy(const std::string& advisor, sys_minutes from, sys_minutes to,
              std::int64_t except) const {
        for (const auto& booking : bookings_)
            if (booking.id != except && booking.advisor == advisor &&
                booking.status == booking_status::booked && booking.start < to &&
                from < booking.end)
                return true;
        return false;
    }

    std::vector<booking_record> bookings_;
    std::map<std::string, std::int64_t> codes_;
};

}  // namespace samtal::testing
