// The booking rules: what is free, who gets a booking, and what the holder of a code may do.
// Synchronous and free of HTTP; the HTTP layer runs it off the I/O threads.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "service/core/booking_code.hpp"
#include "service/core/booking_repository.hpp"
#include "service/core/clock.hpp"
#include "service/core/meeting_platform.hpp"
#include "service/core/result.hpp"
#include "service/core/schedule.hpp"
#include "service/core/unit.hpp"
#include "service/privacy/sealed_box.hpp"

namespace samtal {

// How long contact data outlives the end of the conversation (a call may run late).
inline constexpr std::chrono::hours k_contact_grace{2};
// The longest range one availability question may span.
inline constexpr date::days k_max_availability_range{31};

struct availability_query {
    std::string unit;
    std::string from;  // RFC 3339; empty: now
    std::string to;    // RFC 3339; empty: seven days after `from`
    std::string channel;
    std::string language;
};

struct available_time {
    sys_minutes start;
    sys_minutes end;
    bool evening = false;
    bool speaker_free = false;  // an advisor who speaks the asked-for language is free
    // Who is free at this time (for the form, which marks the times for whichever language
    // the parent picks); they live as long as the availability's `advisors`.
    std::vector<const advisor_config*> advisors_free;
};

struct availability {
    const unit_config* unit = nullptr;
    const date::time_zone* zone = nullptr;
    std::vector<available_time> times;
    std::shared_ptr<const advisor_list> advisors;  // the roster the times were computed from
};

struct booking_request {
    std::string unit;
    std::string start;
    std::string channel;
    std::string platform;
    std::string hosting;
    std::string join_link;
    std::string phone;
    std::string language;
    bool interpreter = false;
    std::string interpreter_gender;  // "", "female" or "male"
    std::string topic;
    std::string parent_role;
    std::string dialect;  // for the interpreter: one of the language's fixed dialects, or empty
    // A text message the day before (core/text_reminder.hpp): phone conversations only, where
    // the unit has a telephony provider.
    bool sms_reminder = false;
    std::string page_language;  // the language the parent books in, which the text is in
};

// The interpreter request a booking opens, made at `now`, when its advisor needs an
// interpreter; nullopt when the unit orders none from an agency.
std::optional<interpreter_order> interpreter_order_for(const unit_config& unit,
                                                       const booking_record& booking,
                                                       sys_seconds now);

struct created_booking {
    std::string code;  // shown to the parent once, never stored
    booking_record booking;
};

class booking_service {
public:
    // `after_change` runs after every committed create, cancel and move (the outbox worker
    // is woken with it).
    booking_service(
        const std::vector<unit_config>& units, const advisor_roster& roster,
        booking_repository& repository, const secret_key& code_key, const sealed_box& contact_box,
        meeting_platform_lookup platforms, clock now, std::function<void()> after_change = [] {});

    result<availability> find_availability(const availability_query& query);
    result<created_booking> create(const booking_request& request);
    // Each answers not_found alike for a malformed, unknown or cancelled code.
    result<booking_record> find(std::string_view typed_code);
    result<booking_record> cancel(std::string_view typed_code);
    result<booking_record> reschedule(std::string_view typed_code, std::string_view start);

    // The join link of a meeting the unit hosts for this booking, once the outbox has made
    // it; the parent sees it with their code. nullopt for the parent's own meetings.
    std::optional<std::string> hosted_join_link(const booking_record& booking);

    const date::time_zone& zone_of(const unit_config& unit) const;

    // For the staff side (service/staff, core/booking_service_for_staff.cpp).
    // The conversation staff name by `conversation_id` (core/booking.hpp), in any status.
    result<booking_record> find_conversation(std::string_view conversation_id);
    // The unit's booked conversations that start on the wall date `day`.
    std::vector<booking_record> conversations_on(const unit_config& unit, date::local_days day);
    // The booked conversations that start from `from` on, of `advisor` (empty: everyone's).
    std::vector<booking_record> conversations_of(const unit_config& unit, std::string_view advisor,
                                                 sys_minutes from);
    // Whether `advisor` works at the booking's time, is not away then and is not retired.
    bool can_hold(const unit_config& unit, std::string_view advisor,
                  const booking_record& booking) const;
    // The parent's phone number or join link, while the booking has them.
    std::optional<std::string> contact_of(const booking_record& booking);
    // The advisors free to take the conversation at its time, in the order the unit prefers
    // them: one who speaks the parent's language, then one at the same site, then the least
    // busy. `to` (non-empty) narrows the list to that advisor; `also_busy` adds periods that
    // are not booked yet (a preview's earlier handovers). Empty when it is not booked or has
    // started. Reads only.
    std::vector<assignment> handover_candidates(const booking_record& booking,
                                                std::string_view to = {},
                                                const std::vector<busy_period>& also_busy = {});
    // Gives the conversation, at its time, to `to` (empty: the first of handover_candidates),
    // unless it changed since `expected_sequence`.
    result<booking_record> hand_over(const booking_record& booking, std::string_view to,
                                     std::optional<int> expected_sequence);
    // "held" or "not_reached", from the conversation's own day on.
    result<booking_record> record_outcome(const booking_record& booking, std::string_view outcome);
    sys_seconds now() const { return now_in_seconds(now_); }

private:
    // The slot at `start` when it is a bookable time for one of `advisors`, computed against
    // `busy`.
    std::optional<slot> slot_at(const unit_config& unit, const advisor_list& advisors,
                                sys_minutes start, const std::vector<busy_period>& busy) const;
    // The advisors in the order they should get a booking at `start`, or the failure.
    result<std::vector<assignment>> candidates_for(const unit_config& unit, sys_minutes start,
                                                   std::string_view language,
                                                   bool wants_interpreter,
                                                   std::int64_t moving_booking);

    const std::vector<unit_config>& units_;
    const advisor_roster& roster_;
    booking_repository& repository_;
    booking_code_hasher hasher_;
    const sealed_box& box_;
    meeting_platform_lookup platforms_;
    clock now_;
    std::function<void()> after_change_;
};

}  // namespace samtal
