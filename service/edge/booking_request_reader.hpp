// One reader for a booking request, whether it came as the web form's fields or as the API's
// JSON object: each field of booking_request is read by its name, in one order, so the two
// ways in cannot drift apart.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

#include "service/core/booking_service.hpp"

namespace samtal {

// What the reader needs from a body: a named text field and a named yes/no field, each ""
// or false when absent.
template <class Fields>
concept named_fields = requires(Fields& fields, std::string_view name) {
    { fields.text(name) } -> std::convertible_to<std::string>;
    { fields.flag(name) } -> std::convertible_to<bool>;
};

template <named_fields Fields>
booking_request read_booking_request(Fields& fields) {
    // Designated initialisers are evaluated in order: a JSON body's type errors are reported
    // in this order.
    return {.unit = fields.text("unit"),
            .start = fields.text("start"),
            .channel = fields.text("channel"),
            .platform = fields.text("platform"),
            .hosting = fields.text("hosting"),
            .join_link = fields.text("join_link"),
            .phone = fields.text("phone"),
            .language = fields.text("language"),
            .interpreter = fields.flag("interpreter"),
            .interpreter_gender = fields.text("interpreter_gender"),
            .topic = fields.text("topic"),
            .parent_role = fields.text("parent_role"),
            .dialect = fields.text("dialect"),
            .sms_reminder = fields.flag("sms_reminder"),
            // Not a field: each way in sets the language it answers in.
            .page_language = {}};
}

}  // namespace samtal
