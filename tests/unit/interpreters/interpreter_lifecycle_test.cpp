// The interpreter request lifecycle through the booking core and the interpreter service on a
// real SQLite store: opened with the booking, moved and withdrawn with it, answered, expired,
// asked again, and what each step tells the advisor and the agency.
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "adapters/interpreters/http/callback_signature.hpp"
#include "adapters/interpreters/registry.hpp"
#include "adapters/meetings/registry.hpp"
#include "service/core/booking_service.hpp"
#include "service/interpreters/interpreter_service.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/outbox_store.hpp"
#include "support/store_rows.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

using namespace std::chrono_literals;

// Monday 30 November 2026 07:00 local: 09:00 that day is bookable with two hours' notice.
const sys_seconds k_now =
    sys_seconds{date::sys_days{date::year{2026} / 11 / 30} + std::chrono::hours{6}};

constexpr const char* k_secret = "a-shared-secret-of-at-least-32-characters";

std::string email_agency_keys(int answer_within_minutes = 120) {
    return "\n  [units.interpreters]\n  agency = \"email\"\n  mailbox = \"tolk@agency.example\"\n"
           "  competence = \"trained\"\n  competence_required = true\n"
           "  answer_within_minutes = " +
           std::to_string(answer_within_minutes) + "\n  answer_before_start_minutes = 60\n";
}

std::string http_agency_keys() {
    ::setenv("SAMTAL_TEST_AGENCY_KEY", "agency-api-key", 1);
    ::setenv("SAMTAL_TEST_AGENCY_SECRET", k_secret, 1);
    return "\n  [units.interpreters]\n  agency = \"http\"\n"
           "  api_url = \"https://agency.example/api\"\n"
           "  api_key_env = \"SAMTAL_TEST_AGENCY_KEY\"\n"
           "  callback_secret_env = \"SAMTAL_TEST_AGENCY_SECRET\"\n";
}

class interpreter_lifecycle_test : public ::testing::Test {
protected:
    explicit interpreter_lifecycle_test(const std::string& agency_keys = email_agency_keys())
        : settings_(parse_config(testing::test_config_text("", agency_keys), "test.toml")) {}

    booking_request arabic_phone_at(const std::string& start) {
        booking_request r;
        r.unit = "test-unit";
        r.start = start;
        r.channel = "phone";
        r.phone = "070-123 45 67";
        r.language = "ar";
        r.interpreter = true;
        r.interpreter_gender = "female";
        r.dialect = "levantine";
        return r;
    }

    interpreter_request only_request(std::int64_t booking_id) {
        std::optional<interpreter_request> found;
        db_.read(
            [&](database::connection& db) { found = latest_interpreter_request(db, booking_id); });
        EXPECT_TRUE(found);
        return found.value_or(interpreter_request{});
    }

    // Pending messages as "advisor:METHOD" or "agency:METHOD".
    std::vector<std::string> pending() {
        std::vector<std::string> out;
        for (const auto& m : outbox_.due(std::numeric_limits<std::int64_t>::max(), 100))
            out.push_back((m.interpreter_request ? std::string("agency") : m.advisor) + ":" +
                          std::string(method_name(m.method)));
        return out;
    }

    // Counts every pending message as attempted and delivered.
    void deliver_everything() {
        auto due = outbox_.claim_due(std::numeric_limits<std::int64_t>::max() / 2, 100,
                                     std::chrono::minutes(5));
        for (const auto& message : due)
            outbox_.record({message, delivery_outcome::kind::sent, "", 0, ""});
    }

    testing::temp_dir dir_;
    config settings_;
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store store_{db_};
    outbox_store outbox_{db_};
    interpreter_store interpreters_{db_};
    secret_key code_key_{1}, seal_key_{2};
    sealed_box contact_box_{seal_key_};
    sys_seconds now_ = k_now;
    advisor_roster roster_{settings_.units};
    booking_service bookings_{
        settings_.units,        roster_, store_, code_key_, contact_box_, find_meeting_platform,
        [this] { return now_; }};
    delivery_registry deliveries_{dir_.path(), settings_.outgoing};
    interpreter_agencies agencies_{deliveries_, settings_.outgoing};
    interpreter_service service_{
        settings_, interpreters_, contact_box_,
        [this](const unit_config& unit) { return agencies_.agency_for(unit); },
        [this] { return now_; }};
};

TEST_F(interpreter_lifecycle_test, a_booking_without_a_speaker_opens_a_request_in_its_transaction) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    ASSERT_TRUE(created);
    ASSERT_TRUE(created->booking.interpreter);
    EXPECT_EQ(created->booking.interpreter_request_status, interpreter_status::requested);
    auto request = only_request(created->booking.id);
    EXPECT_EQ(request.agency, "email");
    EXPECT_EQ(request.language, "ar");
    EXPECT_EQ(request.dialect, "levantine");
    EXPECT_EQ(request.competence, "trained");
    EXPECT_TRUE(request.competence_required);
    EXPECT_EQ(request.gender, "female");
    EXPECT_EQ(request.modes, std::vector<std::string>{"phone"});
    EXPECT_EQ(request.start, created->booking.start);
    EXPECT_EQ(request.end, created->booking.end);
    // Booked at 07:00 for 09:00: two hours after booking is later than one hour before the start.
    EXPECT_EQ(sys_seconds{request.answer_by}, k_now + 1h);
    EXPECT_EQ(request.reference(), "IR-000001");
    EXPECT_EQ(parse_interpreter_reference(request.reference()), request.id);
    EXPECT_EQ(pending(), (std::vector<std::string>{"amina:REQUEST", "agency:REQUEST"}));
}

TEST_F(interpreter_lifecycle_test, a_speaker_of_the_language_means_no_request) {
    auto somali = arabic_phone_at("2026-11-30T09:00:00+01:00");
    somali.language = "so";
    somali.dialect.clear();
    auto created = bookings_.create(somali);
    ASSERT_TRUE(created);
    EXPECT_FALSE(created->booking.interpreter);
    EXPECT_FALSE(created->booking.interpreter_request_status);
    EXPECT_EQ(pending(), std::vector<std::string>{"amina:REQUEST"});
}

TEST_F(interpreter_lifecycle_test, the_gender_wish_is_one_of_a_fixed_list) {
    auto wrong = arabic_phone_at("2026-11-30T09:00:00+01:00");
    wrong.interpreter_gender = "any man but Bob";
    auto refused = bookings_.create(wrong);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.at(0).field, "interpreter_gender");
    EXPECT_TRUE(pending().empty());
}

TEST_F(interpreter_lifecycle_test, moving_the_booking_moves_the_request_and_asks_again) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto first = only_request(created->booking.id);
    deliver_everything();
    ASSERT_TRUE(service_.answer({first.reference(), "confirmed", "T-17", "phone", "0701234599"}));
    deliver_everything();
    auto moved = bookings_.reschedule(created->code, "2026-11-30T10:00:00+01:00");
    ASSERT_TRUE(moved);
    auto request = only_request(created->booking.id);
    EXPECT_EQ(request.id, first.id);  // the same request, so the same calendar entry
    EXPECT_EQ(request.calendar_uid, first.calendar_uid);
    EXPECT_GT(request.sequence, first.sequence);
    EXPECT_EQ(request.start, moved->start);
    // The interpreter agreed to the old time only.
    EXPECT_EQ(request.status, interpreter_status::requested);
    EXPECT_FALSE(service_.confirmed_interpreter_phone(created->booking.id));
    EXPECT_EQ(pending(), (std::vector<std::string>{"amina:REQUEST", "agency:REQUEST"}));
}

TEST_F(interpreter_lifecycle_test, staff_of_another_unit_cannot_answer_the_request) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    auto elsewhere = service_.answer({request.reference(), "declined", "", "", ""}, "other-unit");
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().kind, failure_kind::not_found);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::requested);
    EXPECT_TRUE(service_.answer({request.reference(), "declined", "", "", ""}, "test-unit"));
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::declined);
}

TEST_F(interpreter_lifecycle_test, cancelling_withdraws_the_request_and_destroys_the_number) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    deliver_everything();
    ASSERT_TRUE(service_.answer({request.reference(), "confirmed", "T-17", "phone", "0701234599"}));
    EXPECT_EQ(service_.confirmed_interpreter_phone(created->booking.id), "+46701234599");
    deliver_everything();
    ASSERT_TRUE(bookings_.cancel(created->code));
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::cancelled);
    EXPECT_FALSE(service_.confirmed_interpreter_phone(created->booking.id));
    EXPECT_EQ(pending(), (std::vector<std::string>{"agency:CANCEL", "amina:CANCEL"}));
    int sealed = -1;
    db_.read([&](database::connection& db) {
        sealed = int(testing::single_integer(
            db,
            "SELECT count(*) FROM interpreter_requests WHERE sealed_phone IS "
            "NOT NULL"));
    });
    EXPECT_EQ(sealed, 0);
}

TEST_F(interpreter_lifecycle_test, a_request_the_agency_never_saw_is_not_withdrawn_there) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    ASSERT_TRUE(bookings_.cancel(created->code));
    // Neither the invitation nor the request was ever attempted: nothing goes out.
    EXPECT_TRUE(pending().empty());
}

TEST_F(interpreter_lifecycle_test, a_confirmation_by_phone_is_sealed_and_tells_the_advisor) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    deliver_everything();
    auto confirmed =
        service_.answer({request.reference(), "confirmed", "T-17", "phone", "070-123 45 99"});
    ASSERT_TRUE(confirmed);
    EXPECT_EQ(confirmed->status, interpreter_status::confirmed);
    EXPECT_EQ(confirmed->interpreter_reference, "T-17");
    EXPECT_EQ(confirmed->joins_by, "phone");
    EXPECT_EQ(service_.confirmed_interpreter_phone(created->booking.id), "+46701234599");
    // The advisor gets the news in an update of the same invitation; the agency needs nothing.
    EXPECT_EQ(pending(), std::vector<std::string>{"amina:REQUEST"});
    auto booking = bookings_.find(created->code);
    EXPECT_EQ(booking->sequence, created->booking.sequence + 1);
    EXPECT_EQ(booking->interpreter_request_status, interpreter_status::confirmed);
    // Only ciphertext in the database.
    bool clear = true;
    db_.read([&](database::connection& db) {
        auto query = db.prepared(
            "SELECT count(*) FROM interpreter_requests WHERE "
            "sealed_phone LIKE '%701234599%' OR interpreter_reference LIKE '%701234599%'");
        query->executeStep();
        clear = query->getColumn(0).getInt() > 0;
    });
    EXPECT_FALSE(clear);
}

TEST_F(interpreter_lifecycle_test, a_bad_answer_names_its_fields_and_changes_nothing) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    deliver_everything();
    struct refused_case {
        staff_answer answer;
        std::string field;
    };
    for (const auto& [answer, field] : std::vector<refused_case>{
             {{request.reference(), "maybe", "", "", ""}, "status"},
             {{request.reference(), "confirmed", "", "phone", "0701234599"},
              "interpreter_reference"},
             {{request.reference(), "confirmed", "T-17", "video", ""}, "joins_by"},
             {{request.reference(), "confirmed", "T-17", "phone", ""}, "phone"},
             {{request.reference(), "confirmed", "T-17", "phone", "0900-123 456"}, "phone"},
             {{request.reference(), "confirmed", "T-17", "carrier pigeon", ""}, "joins_by"},
         }) {
        SCOPED_TRACE(field);
        auto result = service_.answer(answer);
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().fields.at(0).field, field);
    }
    EXPECT_EQ(service_.answer({"IR-999999", "declined", "", "", ""}).error().kind,
              failure_kind::not_found);
    EXPECT_EQ(service_.answer({"booking-code", "declined", "", "", ""}).error().kind,
              failure_kind::not_found);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::requested);
    EXPECT_TRUE(pending().empty());
}

TEST_F(interpreter_lifecycle_test, a_decline_tells_the_advisor_and_staff_can_ask_again) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto first = only_request(created->booking.id);
    deliver_everything();
    ASSERT_TRUE(service_.answer({first.reference(), "declined", "", "", ""}));
    EXPECT_EQ(pending(), std::vector<std::string>{"amina:REQUEST"});
    // A decline is final; asking again is a new request.
    EXPECT_FALSE(service_.answer({first.reference(), "confirmed", "T-1", "phone", "0701234599"}));
    auto listed = service_.list("test-unit", "2026-11-30", "declined");
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_TRUE(listed->at(0).needs_action);

    deliver_everything();
    auto again = service_.request_again(first.reference());
    ASSERT_TRUE(again);
    EXPECT_NE(again->id, first.id);
    EXPECT_NE(again->calendar_uid, first.calendar_uid);
    EXPECT_EQ(again->status, interpreter_status::requested);
    EXPECT_EQ(again->gender, "female");
    EXPECT_EQ(pending(), (std::vector<std::string>{"agency:REQUEST", "amina:REQUEST"}));
    // Only the latest declined or expired request can be asked again, and only once.
    EXPECT_FALSE(service_.request_again(first.reference()));
    EXPECT_FALSE(service_.request_again(again->reference()));
    EXPECT_FALSE(service_.list("test-unit", "2026-11-30", "declined")->at(0).needs_action);
    EXPECT_EQ(service_.list("test-unit", "2026-11-30", "")->size(), 2u);
    EXPECT_TRUE(service_.list("test-unit", "2026-12-01", "")->empty());
}

TEST_F(interpreter_lifecycle_test, listing_checks_its_parameters) {
    auto refused = service_.list("no-such-unit", "30 November", "maybe");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields.size(), 3u);
    // The only unit, today.
    ASSERT_TRUE(bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00")));
    auto today = service_.list("", "", "");
    ASSERT_TRUE(today);
    EXPECT_EQ(today->size(), 1u);
}

class interpreter_deadline_test : public interpreter_lifecycle_test {
protected:
    interpreter_deadline_test() : interpreter_lifecycle_test(email_agency_keys(0)) {}
};

TEST_F(interpreter_deadline_test, no_answer_by_the_deadline_expires_and_tells_advisor_and_agency) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    EXPECT_EQ(sys_seconds{request.answer_by}, k_now);
    deliver_everything();
    service_.follow_up([](const unit_config&, const interpreter_request&) {
        ADD_FAILURE() << "an email agency cannot be asked";
        return std::optional<interpreter_answer>();
    });
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::expired);
    EXPECT_EQ(pending(), (std::vector<std::string>{"agency:CANCEL", "amina:REQUEST"}));
    // Too late for an answer now.
    EXPECT_FALSE(service_.answer({request.reference(), "confirmed", "T-1", "phone", "0701234599"}));
}

TEST(answer_deadline, is_the_earlier_of_after_booking_and_before_start_but_never_in_the_past) {
    auto at = [](int day, int hour) {
        return sys_minutes{date::sys_days{date::year{2026} / 12 / day} + std::chrono::hours{hour}};
    };
    struct deadline_case {
        sys_minutes booked, start, expected;
    };
    for (const auto& [booked, start, expected] : std::vector<deadline_case>{
             {at(1, 8), at(10, 8), at(2, 8)},   // a day after booking comes first
             {at(1, 8), at(2, 20), at(1, 20)},  // a day before the start comes first
             {at(1, 8), at(1, 20), at(1, 20)},  // too close for either: until the start
         }) {
        EXPECT_EQ(answer_deadline(booked, start, std::chrono::hours{24}, std::chrono::hours{24}),
                  expected);
    }
}

class agency_callback_test : public interpreter_lifecycle_test {
protected:
    agency_callback_test() : interpreter_lifecycle_test(http_agency_keys()) {}

    callback_verdict call_back(const std::string& body, sys_seconds sent,
                               const std::string& secret = k_secret) {
        auto timestamp = std::to_string(sent.time_since_epoch().count());
        return service_.agency_callback("test-unit", timestamp,
                                        callback_signature(secret, timestamp, body), body);
    }
    static std::string confirmation(const std::string& reference, const std::string& event) {
        return R"({"event_id":")" + event + R"(","reference":")" + reference +
               R"(","status":"confirmed","interpreter":{"reference":"T-9","joins_by":"phone",)"
               R"("phone":"+46701234599"}})";
    }
};

TEST_F(agency_callback_test, a_signed_fresh_callback_confirms) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    EXPECT_EQ(call_back(confirmation(request.reference(), "e-1"), now_ - 1min),
              callback_verdict::accepted);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::confirmed);
    EXPECT_EQ(service_.confirmed_interpreter_phone(created->booking.id), "+46701234599");
}

TEST_F(agency_callback_test, forged_old_and_replayed_callbacks_are_refused_and_change_nothing) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    auto body = confirmation(request.reference(), "e-1");
    EXPECT_EQ(call_back(body, now_, "another-secret-of-at-least-32-characters!"),
              callback_verdict::refused);
    EXPECT_EQ(call_back(body, now_ - 6min), callback_verdict::refused);
    EXPECT_EQ(call_back(body, now_ + 6min), callback_verdict::refused);
    auto timestamp = std::to_string(now_.time_since_epoch().count());
    // A signature for another body, and a body changed after signing.
    EXPECT_EQ(service_.agency_callback("test-unit", timestamp,
                                       callback_signature(k_secret, timestamp, "{}"), body),
              callback_verdict::refused);
    EXPECT_EQ(service_.agency_callback("test-unit", timestamp, "", body),
              callback_verdict::refused);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::requested);

    auto decline =
        R"({"event_id":"e-2","reference":")" + request.reference() + R"(","status":"declined"})";
    EXPECT_EQ(call_back(decline, now_), callback_verdict::accepted);
    // The same callback again, and the same event with another signature (a later timestamp).
    EXPECT_EQ(call_back(decline, now_), callback_verdict::replayed);
    EXPECT_EQ(call_back(decline, now_ + 1s), callback_verdict::replayed);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::declined);
}

TEST_F(agency_callback_test, callbacks_about_unknown_requests_or_unreadable_ones_change_nothing) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    EXPECT_EQ(call_back(confirmation("IR-000777", "e-1"), now_), callback_verdict::unknown_request);
    EXPECT_EQ(call_back(R"({"event_id":"e-2","reference":")" + request.reference() +
                            R"(","status":"confirmed"})",
                        now_),
              callback_verdict::malformed);
    EXPECT_EQ(call_back("not json", now_), callback_verdict::malformed);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::requested);
    // A refused event was not remembered: the agency can send it again, right.
    EXPECT_EQ(call_back(confirmation(request.reference(), "e-2"), now_),
              callback_verdict::accepted);
}

TEST_F(agency_callback_test, polling_records_the_answer_of_a_request_still_open) {
    auto created = bookings_.create(arabic_phone_at("2026-11-30T09:00:00+01:00"));
    auto request = only_request(created->booking.id);
    interpreters_.save_agency_id(request.id, "agency-1");
    int asked = 0;
    auto ask = [&](const unit_config&, const interpreter_request& open) {
        ++asked;
        EXPECT_EQ(open.agency_id, "agency-1");
        return std::optional<interpreter_answer>(
            interpreter_answer{interpreter_status::declined, "", "", ""});
    };
    service_.follow_up(ask);
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(only_request(created->booking.id).status, interpreter_status::declined);
    // Nothing open any more: the agency is not asked again.
    now_ += 1h;
    service_.follow_up(ask);
    EXPECT_EQ(asked, 1);
}

}  // namespace
}  // namespace samtal
