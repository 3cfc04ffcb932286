#include "service/staff/staff_service.hpp"

#include <gtest/gtest.h>

#include "adapters/meetings/registry.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/outbox_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

using std::chrono::minutes;

// Monday 30 November 2026 07:00 local. Amina (sv, so) works weekdays 09:00-12:00, Erik (sv, en)
// Monday and Tuesday 09:00-11:00 (support/test_config.hpp).
const sys_seconds k_now =
    sys_seconds{date::sys_days{date::year{2026} / 11 / 30} + std::chrono::hours{6}};
const staff_identity k_coordinator{"cora", "coordinator", "test-unit", ""};
const staff_identity k_amina{"amina", "advisor", "test-unit", "amina"};
const staff_identity k_erik{"erik", "advisor", "test-unit", "erik"};
const staff_identity k_manager{"max", "manager", "test-unit", ""};
const staff_identity k_stranger{"olle", "coordinator", "other-unit", ""};

local_minutes wall(int day, int hour, int minute = 0) {
    return local_minutes{date::local_days{date::year{2026} / 12 / day}.time_since_epoch()} +
           std::chrono::hours{hour} + minutes{minute};
}

class staff_service_test : public ::testing::Test {
protected:
    staff_service_test() { staff_.load(); }

    booking_record book(const std::string& start, const std::string& language = "so") {
        booking_request r;
        r.unit = "test-unit";
        r.start = start;
        r.channel = "phone";
        r.phone = "070-123 45 67";
        r.language = language;
        auto created = bookings_.create(r);
        EXPECT_TRUE(created) << start;
        return created->booking;
    }

    std::vector<std::string> pending() {
        std::vector<std::string> out;
        for (const auto& m : outbox_.due(std::numeric_limits<std::int64_t>::max(), 100))
            out.push_back(m.advisor + ":" + std::string(method_name(m.method)));
        return out;
    }

    std::vector<std::string> codes(const failure& f) {
        std::vector<std::string> out;
        for (const auto& e : f.fields) out.push_back(e.field + ":" + e.code);
        return out;
    }

    bool offered(const std::string& start) {
        auto found = bookings_.find_availability({"test-unit", "", "", "", ""});
        for (const auto& time : found->times)
            if (format_rfc3339(time.start, *found->zone) == start) return true;
        return false;
    }

    testing::temp_dir dir_;
    config settings_ = testing::test_config();
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store store_{db_};
    outbox_store outbox_{db_};
    advisor_store advisors_{db_};
    advisor_roster roster_;
    secret_key code_key_{1};
    sealed_box contact_box_{secret_key{2}};
    sys_seconds now_ = k_now;
    booking_service bookings_{
        settings_.units,        roster_, store_, code_key_, contact_box_, find_meeting_platform,
        [this] { return now_; }};
    staff_service staff_{settings_.units, advisors_, roster_, bookings_, [this] { return now_; }};
};

TEST_F(staff_service_test, the_file_seeds_the_store_once_and_the_store_is_the_truth_after) {
    auto listed = staff_.advisors(k_coordinator, "test-unit");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ(listed->at(0).id, "amina");
    EXPECT_EQ(listed->at(0).hours[0].size(), 1u);
    EXPECT_EQ(listed->at(1).absences.size(), 1u);  // Erik's from the file
    auto erik = listed->at(1);
    erik.languages = {"sv", "en", "ar"};
    ASSERT_TRUE(staff_.save_advisor(k_erik, "test-unit", erik, erik.version));
    // A second start with the file as it was keeps what staff changed.
    advisor_roster fresh;
    staff_service again{settings_.units, advisors_, fresh, bookings_, [this] { return now_; }};
    again.load();
    EXPECT_EQ(find_advisor(*fresh.of("test-unit"), "erik")->languages,
              (std::vector<std::string>{"sv", "en", "ar"}));
}

TEST_F(staff_service_test, an_absence_hands_the_days_conversations_over_and_frees_nothing_else) {
    auto nine = book("2026-12-01T09:00:00+01:00");
    auto ten = book("2026-12-01T10:00:00+01:00");
    ASSERT_EQ(nine.advisor, "amina");
    ASSERT_EQ(ten.advisor, "amina");
    EXPECT_TRUE(offered("2026-12-01T11:00:00+01:00"));  // Amina's last time that day
    outbox_.due(0, 0);
    auto added = staff_.add_absence(k_amina, "test-unit", "amina", {wall(1, 0), wall(2, 0), 0});
    ASSERT_TRUE(added);
    ASSERT_EQ(added->handed_over.size(), 2u);
    EXPECT_TRUE(added->needs_decision.empty());
    for (const auto& moved : added->handed_over) {
        EXPECT_EQ(moved.advisor, "erik");
        EXPECT_EQ(moved.status, booking_status::booked);
    }
    // Same code, same time: the parent sees no change.
    EXPECT_EQ(added->handed_over[0].start, nine.start);
    EXPECT_EQ(added->handed_over[0].calendar_uid, nine.calendar_uid);
    // Amina's REQUESTs were never sent, so only Erik's go out; had they been, CANCELs would too.
    EXPECT_EQ(pending(), (std::vector<std::string>{"erik:REQUEST", "erik:REQUEST"}));
    // Amina's free time that day is gone from the form at once.
    EXPECT_FALSE(offered("2026-12-01T11:00:00+01:00"));
    auto log = staff_.audit_log(k_coordinator, "test-unit");
    ASSERT_TRUE(log);
    EXPECT_EQ(log->size(), 3u);  // the absence and the two handovers
    EXPECT_EQ(log->back().action, "absence.added");
    EXPECT_EQ(log->back().actor, "amina");
}

TEST_F(staff_service_test, a_conversation_nobody_can_take_stays_and_needs_a_decision) {
    // Wednesday: Erik does not work.
    auto eleven = book("2026-12-02T11:00:00+01:00");
    auto added =
        staff_.add_absence(k_coordinator, "test-unit", "amina", {wall(2, 0), wall(3, 0), 0});
    ASSERT_TRUE(added);
    EXPECT_TRUE(added->handed_over.empty());
    ASSERT_EQ(added->needs_decision.size(), 1u);
    EXPECT_EQ(staff_.needing_decision(), 1);
    auto day = staff_.conversations(k_coordinator, "test-unit",
                                    date::local_days{date::year{2026} / 12 / 2});
    ASSERT_EQ(day->size(), 1u);
    EXPECT_EQ(day->at(0).booking.advisor, "amina");
    EXPECT_TRUE(day->at(0).needs_decision);
    // Taking the absence back settles it.
    ASSERT_TRUE(staff_.remove_absence(k_coordinator, "test-unit", "amina", added->added.id));
    EXPECT_EQ(staff_.needing_decision(), 0);
    EXPECT_EQ(
        staff_.conversations(k_amina, "test-unit", date::local_days{date::year{2026} / 12 / 2})
            ->at(0)
            .booking.id,
        eleven.id);
}

TEST_F(staff_service_test,
       an_absence_preview_names_who_would_take_each_conversation_and_writes_nothing) {
    book("2026-12-01T09:00:00+01:00");
    book("2026-12-01T10:00:00+01:00");
    book("2026-12-02T11:00:00+01:00");  // Wednesday: Erik does not work
    absence away{wall(1, 0), wall(3, 0), 0};
    auto version = find_advisor(*roster_.of("test-unit"), "amina")->version;
    auto preview = staff_.preview_absence(k_amina, "test-unit", "amina", away);
    ASSERT_TRUE(preview);
    ASSERT_EQ(preview->size(), 3u);
    // Erik can take both Tuesday conversations, one after the other with the buffer between.
    EXPECT_EQ(preview->at(0).to, "erik");
    EXPECT_EQ(preview->at(1).to, "erik");
    EXPECT_EQ(preview->at(2).to, "");
    // Nothing written: no absence, no handover, no audit line, the same version.
    const auto* amina = find_advisor(*roster_.of("test-unit"), "amina");
    EXPECT_TRUE(amina->absences.empty());
    EXPECT_EQ(amina->version, version);
    EXPECT_TRUE(staff_.audit_log(k_coordinator, "test-unit")->empty());
    EXPECT_EQ(staff_.needing_decision(), 0);
    // Saving it does what the preview said.
    auto added = staff_.add_absence(k_amina, "test-unit", "amina", away);
    ASSERT_TRUE(added);
    ASSERT_EQ(added->handed_over.size(), 2u);
    EXPECT_EQ(added->handed_over[0].advisor, "erik");
    EXPECT_EQ(added->handed_over[1].advisor, "erik");
    EXPECT_EQ(added->needs_decision.size(), 1u);
}

TEST_F(staff_service_test, an_absence_preview_refuses_what_saving_would_refuse) {
    // Erik's file absence covers 21-22 December.
    auto overlapping =
        staff_.preview_absence(k_coordinator, "test-unit", "erik", {wall(22, 0), wall(23, 0), 0});
    ASSERT_FALSE(overlapping);
    EXPECT_EQ(codes(overlapping.error()), (std::vector<std::string>{"from:overlapping"}));
    EXPECT_EQ(staff_.preview_absence(k_erik, "test-unit", "amina", {wall(1, 0), wall(2, 0), 0})
                  .error()
                  .kind,
              failure_kind::forbidden);
    EXPECT_EQ(staff_.preview_absence(k_stranger, "test-unit", "amina", {wall(1, 0), wall(2, 0), 0})
                  .error()
                  .kind,
              failure_kind::not_found);
}

TEST_F(staff_service_test, handover_candidates_are_the_advisors_free_then_for_coordinators_only) {
    auto english = book("2026-12-01T09:00:00+01:00", "en");
    ASSERT_EQ(english.advisor, "erik");  // the one who speaks it
    auto id = conversation_id_of(english);
    auto choice = staff_.handover_candidates(k_coordinator, id);
    ASSERT_TRUE(choice);
    ASSERT_EQ(choice->candidates.size(), 1u);
    EXPECT_EQ(choice->candidates[0].advisor, "amina");
    // Amina busy then: nobody is left.
    book("2026-12-01T09:00:00+01:00", "so");
    EXPECT_TRUE(staff_.handover_candidates(k_coordinator, id)->candidates.empty());
    EXPECT_FALSE(staff_.handover_candidates(k_amina, id));
    EXPECT_FALSE(staff_.handover_candidates(k_stranger, id));
}

TEST_F(staff_service_test, contact_data_only_for_the_advisor_who_holds_the_conversation) {
    book("2026-12-01T09:00:00+01:00");
    auto day = date::local_days{date::year{2026} / 12 / 1};
    auto own = staff_.conversations(k_amina, "test-unit", day);
    ASSERT_EQ(own->size(), 1u);
    EXPECT_EQ(own->at(0).contact, "+46701234567");
    EXPECT_TRUE(staff_.conversations(k_erik, "test-unit", day)->empty());
    auto managers = staff_.conversations(k_manager, "test-unit", day);
    ASSERT_EQ(managers->size(), 1u);
    EXPECT_FALSE(managers->at(0).contact);
    auto coordinators = staff_.conversations(k_coordinator, "test-unit", day);
    EXPECT_FALSE(coordinators->at(0).contact);
    EXPECT_EQ(staff_.conversations(k_stranger, "test-unit", day).error().kind,
              failure_kind::not_found);
    // The showing is in the log, the number is not.
    auto log = staff_.audit_log(k_coordinator, "test-unit");
    ASSERT_EQ(log->size(), 1u);
    EXPECT_EQ(log->at(0).action, "contact.shown");
    EXPECT_EQ(log->at(0).subject.find("4670"), std::string::npos);
}

TEST_F(staff_service_test, bad_schedules_are_refused_field_by_field_and_change_nothing) {
    auto amina = *find_advisor(*roster_.of("test-unit"), "amina");
    auto changed = amina;
    changed.hours[0] = {{minutes_of_day{9 * 60}, minutes_of_day{12 * 60}},
                        {minutes_of_day{11 * 60}, minutes_of_day{13 * 60}}};
    changed.hours[1] = {{minutes_of_day{12 * 60}, minutes_of_day{9 * 60}}};
    changed.languages = {"sv", "xx"};
    changed.site = "husby";
    auto refused = staff_.save_advisor(k_amina, "test-unit", changed, amina.version);
    ASSERT_FALSE(refused);
    EXPECT_EQ(
        codes(refused.error()),
        (std::vector<std::string>{"site:unknown_site", "languages:unknown_language",
                                  "hours.mon:overlapping_period", "hours.tue:invalid_period"}));
    EXPECT_EQ(find_advisor(*roster_.of("test-unit"), "amina")->version, amina.version);

    EXPECT_EQ(codes(staff_.add_absence(k_amina, "test-unit", "amina", {wall(3, 12), wall(3, 9), 0})
                        .error()),
              std::vector<std::string>{"to:before_from"});
    ASSERT_TRUE(staff_.add_absence(k_amina, "test-unit", "amina", {wall(3, 9), wall(3, 12), 0}));
    EXPECT_EQ(codes(staff_.add_absence(k_amina, "test-unit", "amina", {wall(3, 11), wall(4, 0), 0})
                        .error()),
              std::vector<std::string>{"from:overlapping"});
}

TEST_F(staff_service_test, who_may_change_whom) {
    auto erik = *find_advisor(*roster_.of("test-unit"), "erik");
    // An advisor changes their own hours, not a colleague's, and retires nobody.
    EXPECT_EQ(staff_.save_advisor(k_amina, "test-unit", erik, erik.version).error().kind,
              failure_kind::forbidden);
    auto retired = erik;
    retired.active = false;
    EXPECT_EQ(staff_.save_advisor(k_erik, "test-unit", retired, erik.version).error().kind,
              failure_kind::forbidden);
    EXPECT_EQ(staff_.save_advisor(k_stranger, "test-unit", erik, erik.version).error().kind,
              failure_kind::not_found);
    // A stale version changes nothing.
    ASSERT_TRUE(staff_.save_advisor(k_erik, "test-unit", erik, erik.version));
    EXPECT_EQ(staff_.save_advisor(k_erik, "test-unit", erik, erik.version).error().kind,
              failure_kind::conflict);
    // A coordinator adds one; the id stays theirs.
    auto lina = erik;
    lina.id = "lina";
    lina.email = "lina@example.org";
    auto added = staff_.save_advisor(k_coordinator, "test-unit", lina, 0);
    ASSERT_TRUE(added);
    EXPECT_EQ(added->version, 1);
    EXPECT_EQ(staff_.save_advisor(k_coordinator, "test-unit", lina, 0).error().kind,
              failure_kind::invalid_input);
}

TEST_F(staff_service_test, retiring_an_advisor_hands_their_conversations_over) {
    auto booked = book("2026-12-01T09:00:00+01:00", "en");
    ASSERT_EQ(booked.advisor, "erik");
    auto erik = *find_advisor(*roster_.of("test-unit"), "erik");
    erik.active = false;
    ASSERT_TRUE(staff_.save_advisor(k_coordinator, "test-unit", erik, erik.version));
    auto day = staff_.conversations(k_coordinator, "test-unit",
                                    date::local_days{date::year{2026} / 12 / 1});
    ASSERT_EQ(day->size(), 1u);
    EXPECT_EQ(day->at(0).booking.advisor, "amina");
    EXPECT_FALSE(day->at(0).needs_decision);
}

TEST_F(staff_service_test, two_handovers_of_one_version_one_wins_the_other_conflicts) {
    auto booked = book("2026-12-01T09:00:00+01:00");
    auto id = conversation_id_of(booked);
    auto first = staff_.hand_over(k_coordinator, id, "erik", booked.sequence);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->advisor, "erik");
    auto second = staff_.hand_over(k_coordinator, id, "amina", booked.sequence);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, failure_kind::conflict);
    // A handover to whoever holds it already, by an advisor, or to nobody known: refused.
    EXPECT_EQ(codes(staff_.hand_over(k_coordinator, id, "erik", std::nullopt).error()),
              std::vector<std::string>{"to:same_advisor"});
    EXPECT_EQ(staff_.hand_over(k_amina, id, "amina", std::nullopt).error().kind,
              failure_kind::not_found);
    EXPECT_EQ(codes(staff_.hand_over(k_coordinator, id, "nobody", std::nullopt).error()),
              std::vector<std::string>{"to:unknown_advisor"});
}

TEST_F(staff_service_test, an_outcome_is_recorded_from_the_conversations_day_on) {
    auto tomorrow = book("2026-12-01T09:00:00+01:00");
    auto id = conversation_id_of(tomorrow);
    EXPECT_EQ(codes(staff_.record_outcome(k_amina, id, "held").error()),
              std::vector<std::string>{"outcome:too_early"});
    now_ = sys_seconds{date::sys_days{date::year{2026} / 12 / 1}} + std::chrono::hours{6};
    EXPECT_EQ(staff_.record_outcome(k_erik, id, "held").error().kind, failure_kind::not_found);
    auto recorded = staff_.record_outcome(k_amina, id, "not_reached");
    ASSERT_TRUE(recorded);
    EXPECT_EQ(recorded->outcome, "not_reached");
}

}  // namespace
}  // namespace samtal
