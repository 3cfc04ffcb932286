// The parent's own calendar file for a booking, worded in the parent's language, as the API
// and the web pages both hand it out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/core/advisor_roster.hpp"
#include "service/core/booking.hpp"
#include "service/core/clock.hpp"
#include "service/core/unit.hpp"
#include "service/http/router.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {

class parent_calendar_files {
public:
    parent_calendar_files(const std::vector<unit_config>& units, const advisor_roster& roster,
                          const message_catalog& messages, clock now)
        : units_(units), roster_(roster), messages_(messages), now_(std::move(now)) {}

    // The file's text (iCalendar, METHOD:PUBLISH).
    std::string text(const booking_record& booking, std::string_view language) const;
    // The same file as a download (samtal.ics).
    response download(const request& req, const booking_record& booking,
                      std::string_view language) const;

private:
    const std::vector<unit_config>& units_;
    const advisor_roster& roster_;
    const message_catalog& messages_;
    clock now_;
};

}  // namespace samtal
