#include "service/edge/parent_calendar_file.hpp"

#include "service/calendar/parent_calendar.hpp"
#include "service/edge/booking_view.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {

std::string parent_calendar_files::text(const booking_record& booking,
                                        std::string_view language) const {
    auto key = [&](std::string_view part) {
        return messages_.text(language, "calendar." + std::string(part) + "_" + booking.channel);
    };
    // A bridged call comes from the unit's number, not the advisor's: the parent is told which.
    auto from = bridged_call_from(units_, roster_, booking);
    auto description = from ? fill(messages_.text(language, "calendar.description_phone_bridged"),
                                   {{"from", *from}})
                            : key("description");
    return parent_calendar(booking, {key("summary"), description}, now_in_seconds(now_));
}

response parent_calendar_files::download(const request& req, const booking_record& booking,
                                         std::string_view language) const {
    response res{http::status::ok, req.version()};
    res.set(http::field::content_type, "text/calendar; charset=utf-8; method=PUBLISH");
    res.set(http::field::content_disposition, "attachment; filename=\"samtal.ics\"");
    res.keep_alive(req.keep_alive());
    res.body() = text(booking, language);
    res.prepare_payload();
    return res;
}

}  // namespace samtal
