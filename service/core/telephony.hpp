// What the core asks of a telephony provider: to dial one person into a named conference call,
// so that an advisor, a parent and an interpreter talk on one line (a three-way call). Each
// provider is an adapter under adapters/telephony/, found by name in the registry there; a
// unit names its provider in config ([units.telephony]).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "service/core/booking.hpp"
#include "service/core/outside_call.hpp"
#include "service/core/unit.hpp"

namespace samtal {

// One person to call into a conference. Only the numbers the call itself needs leave the
// service: the conference's name is random and the role is one of three fixed words.
struct conference_dial {
    std::string conference;  // the conference's name: random, it names nobody
    std::string role;        // "advisor", "parent" or "interpreter": the participant's label
    std::string to;          // E.164
    // The advisor leads: the conference starts when they answer and ends when they hang up;
    // the others wait (muted, hearing music) until then.
    bool leads = false;
    std::chrono::seconds time_limit{0};  // the longest the call may last
};

// A conference as the provider sees it.
struct conference_state {
    bool started = false;             // the leader has answered
    std::vector<std::string> called;  // the roles being called or on the call now
};

class telephony_bridge {
public:
    virtual ~telephony_bridge() = default;

    // Calls `dial.to` into the conference, which the provider opens on first use. Blocking:
    // only the outbox worker calls it, on its own thread. Retried later on 429, 5xx and no
    // answer; given up on other refusals.
    virtual outside_call_result dial(const conference_dial& dial) = 0;

    // Whether the conference is running (its leader has answered), so that nobody else is
    // called into a conference where they would only hear music; and who is being called or
    // on the call, so that a call whose answer was lost is not made twice. Blocking and
    // classified like dial().
    virtual outside_call_result look_up(const std::string& conference, conference_state& state) = 0;
};

using telephony_bridge_ptr = std::unique_ptr<telephony_bridge>;

// A text message to one phone: the parent's reminder the day before (core/text_reminder.hpp).
struct text_message {
    std::string to;    // E.164
    std::string body;  // the whole text; nothing in it may be logged
};

struct text_message_result {
    outside_call_result outcome;
    std::string provider_id;  // the provider's id of the message it took (Twilio: SM...)
    // No answer came after the request may have reached the provider: the message may have
    // gone out, so sending it again could send it twice.
    bool may_have_been_sent = false;
};

class text_messenger {
public:
    virtual ~text_messenger() = default;

    // Hands the message to the provider for delivery. Blocking: only the outbox worker calls
    // it, on its own thread. retry_later on 429, 5xx and no connection; failed_permanently on
    // other refusals (a number that takes no texts, a sender the account may not use).
    virtual text_message_result send(const text_message& message) = 0;
};

using text_messenger_ptr = std::unique_ptr<text_messenger>;

// Whether the service bridges this booking's call: a phone conversation that needs an
// interpreter, in a unit with a telephony account, with an advisor who has a phone number.
// Otherwise the advisor's invitation tells them how to conference the interpreter in.
// `advisor` is the booking's, or nullptr when the unit no longer has them.
inline bool bridges_call(const unit_config& unit, const advisor_config* advisor,
                         const booking_record& booking) {
    return booking.channel == "phone" && booking.interpreter && unit.telephony && advisor &&
           !advisor->phone.empty();
}

}  // namespace samtal
