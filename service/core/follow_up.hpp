// The parent's follow-up after a conversation (LUFS, seed 003): three questions, each on five
// steps or "don't know", any of them skipped, answered once with the booking code. The answers
// are kept apart from the booking: with the unit and the ISO week of the conversation only,
// and a second answer is refused by a keyed mark of the code, never by a column of the answer.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "service/core/booking_service.hpp"

namespace samtal {

// How long after a conversation's end the parent may still answer.
inline constexpr std::chrono::days k_follow_up_window{14};

// The three questions, in the order the unit asks them.
inline constexpr std::array<std::string_view, 3> k_follow_up_questions{"right_topics", "helpful",
                                                                       "easy_to_reach"};

// One answer: 1 (not at all) to 5 (very much), k_dont_know, or nullopt when skipped.
inline constexpr int k_dont_know = 0;
using follow_up_answer = std::optional<int>;

struct follow_up_answers {
    std::array<follow_up_answer, k_follow_up_questions.size()> by_question;
    bool any() const;
};

// An answer as a form or the API writes it: "1" to "5" or "dont_know"; "" is a question
// skipped. nullopt for anything else.
std::optional<follow_up_answer> read_follow_up_answer(std::string_view text);

// What is stored: nothing that names the booking.
struct follow_up_entry {
    std::string unit;
    std::string week;  // ISO week of the conversation in the unit's time zone, "2026-W49"
    follow_up_answers answers;
};

// "2026-W49": the ISO week of an instant in a zone.
std::string iso_week_of(sys_minutes instant, const date::time_zone& zone);

// The store of answers (the core's port; service/store/follow_up_store implements it).
class follow_up_repository {
public:
    virtual ~follow_up_repository() = default;
    // Stores `entry` and `mark` in one transaction; false (and nothing stored) when `mark` is
    // already there.
    virtual bool record(const follow_up_entry& entry, const std::string& mark) = 0;
    // Whether an answer with `mark` has been given.
    virtual bool answered(const std::string& mark) = 0;
};

// Where a booking's follow-up stands for its parent.
enum class follow_up_state { not_yet_open, open, answered, closed };

class follow_up_service {
public:
    // The marks use a key derived from `code_key`, so a mark is never a code hash.
    follow_up_service(const std::vector<unit_config>& units, booking_service& bookings,
                      follow_up_repository& answers, const secret_key& code_key);

    // The state of the follow-up for `booking` found with `typed_code`.
    follow_up_state state_of(const booking_record& booking, std::string_view typed_code);

    // Stores the answers for the holder of `typed_code`. Fails with not_found as every other
    // use of a code does, and with an invalid_input on field "feedback" with the code
    // "not_yet_open", "closed", "already_answered" or "nothing_answered".
    result<follow_up_state> answer(std::string_view typed_code, const follow_up_answers& answers);

private:
    follow_up_state window_of(const booking_record& booking) const;
    std::string mark_of(std::string_view typed_code) const;

    const std::vector<unit_config>& units_;
    booking_service& bookings_;
    follow_up_repository& answers_;
    secret_key mark_key_;
};

}  // namespace samtal
