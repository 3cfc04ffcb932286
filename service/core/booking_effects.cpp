#include "service/core/booking_effects.hpp"

namespace samtal {

booking_effects effects_of(const booking_change& change,
                           const std::optional<interpreter_order>& order, bool bridged,
                           const std::optional<text_reminder_plan>& reminder) {
    const auto& after = change.after;
    bool request_open = change.interpreter && change.interpreter->open();
    booking_effects effects;
    if (after.status == booking_status::cancelled) {
        effects.invitations.push_back({after.advisor, itip_method::cancel});
        effects.destroy_contact = true;
        if (request_open) effects.interpreter = interpreter_change::withdraw;
        return effects;
    }
    // The advisor who had it gets a cancellation; whoever has it now, the invitation.
    if (change.before && change.before->advisor != after.advisor)
        effects.invitations.push_back({change.before->advisor, itip_method::cancel});
    effects.invitations.push_back({after.advisor, itip_method::request});
    // An interpreter is ordered only when the assigned advisor does not speak the language
    // and the unit orders interpreters.
    bool needed = after.interpreter && order;
    if (request_open)
        effects.interpreter = needed ? interpreter_change::follow : interpreter_change::withdraw;
    else if (needed)
        effects.interpreter = interpreter_change::open;
    if (needed) effects.order = order;
    effects.call_at_start = bridged;
    if (!after.reminder_language.empty()) effects.text_reminder = reminder;
    return effects;
}

}  // namespace samtal
