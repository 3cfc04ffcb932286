// A booking as the core knows it: only what identifies nobody (design.md, "Privacy model").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/core/interpreter_request.hpp"
#include "service/core/wall_time.hpp"

namespace samtal {

enum class booking_status { booked, cancelled };

// What a calendar message does to the advisor's event (iTIP, RFC 5546): makes or updates it,
// or cancels it.
enum class itip_method { request, cancel };

inline std::string_view method_name(itip_method method) {
    return method == itip_method::request ? "REQUEST" : "CANCEL";
}

struct booking_record {
    std::int64_t id = 0;
    std::string unit;
    std::string site;
    std::string advisor;
    sys_minutes start;
    sys_minutes end;
    std::string channel;                 // "phone" or "video"
    std::string platform;                // video only: "zoom", "teams", "facetime", "skype"
    std::string hosting;                 // video only: "parent" or "unit"
    std::string language;                // empty: none asked for
    std::string dialect;                 // empty: none asked for; else one of the language's
                                         // fixed dialects (core/languages.hpp)
    bool interpreter_requested = false;  // the parent asked for an interpreter in `language`
    bool interpreter = false;            // one is needed: the assigned advisor does not speak it
    std::string interpreter_gender;      // "", "female" or "male": the parent's wish, if any
    // Where the latest interpreter request to an agency stands; nullopt when there is none.
    std::optional<interpreter_status> interpreter_request_status;
    std::string topic;  // empty, or one of the unit's fixed topics
    std::string parent_role = "unspecified";
    booking_status status = booking_status::booked;
    std::string calendar_uid;  // stable across moves, for calendar invitations
    int sequence = 0;          // rises with every change, for calendar invitations
    std::string outcome;       // "", "held" or "not_reached", as the advisor recorded it
    // The page language of the text reminder the parent asked for (core/text_reminder.hpp);
    // empty: none asked for.
    std::string reminder_language;
};

// How staff name a conversation: the random part of its calendar UID, which says nothing
// about the parent and, unlike the row id, nothing about how many bookings came before.
inline std::string conversation_id_of(const booking_record& booking) {
    return booking.calendar_uid.substr(0, booking.calendar_uid.find('@'));
}

// The identifying contact data for holding the call, stored only sealed and only until the
// call is over plus a grace period.
struct sealed_contact {
    std::string key_id;
    std::string sealed;  // nonce, ciphertext and tag
    sys_minutes destroy_after;
};

// A conversation that occupies an advisor, with the buffer after it.
struct busy_period {
    std::int64_t booking_id = 0;
    std::string advisor;
    sys_minutes start;
    sys_minutes end;
};

}  // namespace samtal
