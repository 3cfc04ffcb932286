// What a change to a booking causes beyond its own row: the advisors' calendar messages, the
// interpreter request, the contact data and the phone bridge. The core decides here; the store
// writes the effects in the change's transaction (store/booking_store.cpp), once it knows
// which advisor the change got, so that they happen whole or not at all.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/core/interpreter_request.hpp"
#include "service/core/text_reminder.hpp"

namespace samtal {

struct invitation_to_send {
    std::string advisor;
    itip_method method = itip_method::request;
};

enum class interpreter_change {
    none,
    open,      // order an interpreter for the booking
    follow,    // the open request moves with the booking (its new time and answer deadline)
    withdraw,  // the open request is withdrawn
};

struct booking_effects {
    // In order: a former advisor's CANCEL (of the event as they had it) before the REQUEST.
    std::vector<invitation_to_send> invitations;
    interpreter_change interpreter = interpreter_change::none;
    std::optional<interpreter_order> order;  // for open and follow
    bool destroy_contact = false;
    bool call_at_start = false;  // a bridged call is dialled at the start; otherwise none
    // The parent's text reminder, planned (again) for this time; none: it is dropped, or there
    // never was one.
    std::optional<text_reminder_plan> text_reminder;
};

// A change as the store sees it inside the transaction: the booking before it (none for a new
// one), after it, and its latest interpreter request.
struct booking_change {
    std::optional<booking_record> before;
    booking_record after;
    std::optional<interpreter_request> interpreter;
};

// The rules for one change, which the store asks for inside its transaction.
using booking_rules = std::function<booking_effects(const booking_change&)>;

// What a booking made, moved or cancelled causes. `order` is the interpreter order the unit
// would place for the booking as it now is (none: the unit orders none); `bridged` whether the
// service bridges its call (core/telephony.hpp); `reminder` the plan of its text reminder
// (core/text_reminder.hpp: plan_text_reminder).
booking_effects effects_of(const booking_change& change,
                           const std::optional<interpreter_order>& order, bool bridged,
                           const std::optional<text_reminder_plan>& reminder = std::nullopt);

}  // namespace samtal
