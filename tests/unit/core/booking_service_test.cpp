#include "service/core/booking_service.hpp"

#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "adapters/meetings/registry.hpp"
#include "service/store/booking_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_config.hpp"
#include "support/test_store.hpp"

namespace samtal {
namespace {

// Monday 30 November 2026 07:00 local: 09:00 that day is bookable with two hours' notice.
const sys_seconds k_now =
    sys_seconds{date::sys_days{date::year{2026} / 11 / 30} + std::chrono::hours{6}};

class booking_service_test : public ::testing::Test {
protected:
    testing::temp_dir dir_;
    config settings_ = testing::test_config();
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    booking_store store_{db_};
    secret_key code_key_{1};
    sealed_box contact_box_{secret_key{2}};
    sys_seconds now_ = k_now;
    advisor_roster roster_{settings_.units};
    booking_service service_{
        settings_.units,        roster_, store_, code_key_, contact_box_, find_meeting_platform,
        [this] { return now_; }};

    booking_request phone_at(const std::string& start) {
        booking_request r;
        r.unit = "test-unit";
        r.start = start;
        r.channel = "phone";
        r.phone = "070-123 45 67";
        return r;
    }
    std::vector<std::string> error_codes(const failure& f) {
        std::vector<std::string> out;
        for (const auto& e : f.fields) out.push_back(e.field + ":" + e.code);
        return out;
    }
};

TEST_F(booking_service_test, books_finds_and_cancels_by_code) {
    auto created = service_.create(phone_at("2026-11-30T09:00:00+01:00"));
    ASSERT_TRUE(created);
    EXPECT_EQ(created->booking.status, booking_status::booked);
    auto found = service_.find(created->code);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, created->booking.id);
    // Typed the way people type.
    std::string typed = created->code;
    for (auto& c : typed) c = c == '-' ? ' ' : char(std::tolower(c));
    EXPECT_TRUE(service_.find(typed));

    auto cancelled = service_.cancel(created->code);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, booking_status::cancelled);
    // A cancelled code answers like an unknown one.
    EXPECT_EQ(service_.find(created->code).error().kind, failure_kind::not_found);
    EXPECT_EQ(service_.cancel(created->code).error().kind, failure_kind::not_found);
}

TEST_F(booking_service_test, unknown_wrong_and_malformed_codes_answer_alike) {
    ASSERT_TRUE(service_.create(phone_at("2026-11-30T09:00:00+01:00")));
    for (const char* code : {"", "nonsense", "0000-0000-0000-0000-0000-0000-0000", "' OR 1=1 --"}) {
        SCOPED_TRACE(code);
        auto found = service_.find(code);
        ASSERT_FALSE(found);
        EXPECT_EQ(found.error().kind, failure_kind::not_found);
        EXPECT_TRUE(found.error().fields.empty());
    }
}

TEST_F(booking_service_test, stores_neither_code_nor_phone_number_in_the_clear) {
    auto created = service_.create(phone_at("2026-11-30T09:00:00+01:00"));
    ASSERT_TRUE(created);
    std::string dump;
    db_.read([&](database::connection& db) {
        for (auto table : {"bookings", "sealed_contacts"}) {
            auto rows = db.prepared(std::string("SELECT * FROM ") + table);
            while (rows->executeStep())
                for (int i = 0; i < rows->getColumnCount(); ++i)
                    dump += rows->getColumn(i).getString() + "|";
        }
    });
    EXPECT_EQ(dump.find("701234567"), std::string::npos);
    EXPECT_EQ(dump.find(*canonical_booking_code(created->code)), std::string::npos);
    EXPECT_EQ(dump.find(created->code), std::string::npos);
}

TEST_F(booking_service_test, the_same_time_goes_to_another_advisor_then_is_taken) {
    ASSERT_TRUE(service_.create(phone_at("2026-11-30T09:00:00+01:00")));
    ASSERT_TRUE(service_.create(phone_at("2026-11-30T09:00:00+01:00")));
    auto third = service_.create(phone_at("2026-11-30T09:00:00+01:00"));
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().kind, failure_kind::slot_taken);
}

TEST_F(booking_service_test, a_speaker_of_the_language_means_no_interpreter) {
    auto request = phone_at("2026-11-30T09:00:00+01:00");
    request.language = "so";
    request.interpreter = true;
    auto somali = service_.create(request);
    ASSERT_TRUE(somali);
    EXPECT_EQ(somali->booking.advisor, "amina");
    EXPECT_FALSE(somali->booking.interpreter);

    request.language = "ar";
    auto arabic = service_.create(request);
    ASSERT_TRUE(arabic);
    EXPECT_TRUE(arabic->booking.interpreter);
}

TEST_F(booking_service_test, the_interpreters_dialect_is_one_of_the_languages_own) {
    auto request = phone_at("2026-11-30T09:00:00+01:00");
    request.language = "ar";
    request.interpreter = true;
    for (std::string dialect : {"maay", "Levantine", "levantine ", "syrisk"}) {
        SCOPED_TRACE(dialect);
        request.dialect = dialect;
        auto refused = service_.create(request);
        ASSERT_FALSE(refused);
        EXPECT_EQ(error_codes(refused.error()), std::vector<std::string>{"dialect:invalid_choice"});
    }
    request.dialect = "levantine";
    auto booked = service_.create(request);
    ASSERT_TRUE(booked);
    EXPECT_EQ(booked->booking.dialect, "levantine");
    EXPECT_EQ(service_.find(booked->code)->dialect, "levantine");
}

TEST_F(booking_service_test, availability_names_who_is_free_at_each_time) {
    auto answer = service_.find_availability(
        {"test-unit", "2026-11-30T00:00:00+01:00", "2026-12-01T00:00:00+01:00", "", ""});
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->times.size(), 3u);
    EXPECT_EQ(answer->times[0].advisors_free.size(), 2u);  // 09:00: Amina and Erik
    ASSERT_EQ(answer->times[2].advisors_free.size(), 1u);  // 11:00: only Amina
    EXPECT_EQ(answer->times[2].advisors_free[0]->id, "amina");
}

TEST_F(booking_service_test, invalid_input_names_each_field_and_changes_nothing) {
    booking_request request;
    request.unit = "test-unit";
    request.channel = "video";
    request.platform = "zoom";
    request.hosting = "parent";
    request.join_link = "http://zoom.us/j/1";
    request.start = "tomorrow";
    request.parent_role = "uncle";
    request.topic = "weather";
    request.interpreter = true;
    auto result = service_.create(request);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, failure_kind::invalid_input);
    EXPECT_EQ(
        error_codes(result.error()),
        (std::vector<std::string>{"start:invalid_time", "join_link:not_https", "language:required",
                                  "topic:invalid_choice", "parent_role:invalid_choice"}));
    EXPECT_TRUE(
        store_.busy_periods("test-unit", sys_minutes{}, sys_minutes{} + date::days{30000}).empty());
}

TEST_F(booking_service_test, only_offered_times_can_be_booked) {
    auto result = service_.create(phone_at("2026-11-30T09:30:00+01:00"));
    ASSERT_FALSE(result);
    EXPECT_EQ(error_codes(result.error()), std::vector<std::string>{"start:not_a_free_time"});
    // Too soon: 07:00 local now, 08:00 is within the notice and outside hours anyway; 09:00 is
    // fine but 09:00 the day before is past.
    EXPECT_FALSE(service_.create(phone_at("2026-11-29T09:00:00+01:00")));
    now_ = k_now + std::chrono::hours{2};
    EXPECT_FALSE(service_.create(phone_at("2026-11-30T09:00:00+01:00")));
}

TEST_F(booking_service_test, reschedule_moves_and_frees_the_old_time) {
    auto created = service_.create(phone_at("2026-11-30T11:00:00+01:00"));
    ASSERT_TRUE(created);
    auto moved = service_.reschedule(created->code, "2026-12-01T10:00:00+01:00");
    ASSERT_TRUE(moved);
    EXPECT_EQ(format_rfc3339(moved->start, service_.zone_of(settings_.units[0])),
              "2026-12-01T10:00:00+01:00");
    EXPECT_EQ(moved->sequence, 1);
    EXPECT_EQ(moved->calendar_uid, created->booking.calendar_uid);
    // Monday 11:00 has only Amina; it is free again.
    EXPECT_TRUE(service_.create(phone_at("2026-11-30T11:00:00+01:00")));
    EXPECT_EQ(
        service_.reschedule(created->code, "2026-12-01T10:30:00+01:00").error().fields.at(0).code,
        "not_a_free_time");
}

TEST_F(booking_service_test, availability_says_where_a_speaker_is_free) {
    availability_query query{"test-unit", "2026-11-30T00:00:00+01:00", "2026-12-01T00:00:00+01:00",
                             "", "en"};
    auto answer = service_.find_availability(query);
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->times.size(), 3u);
    EXPECT_TRUE(answer->times[0].speaker_free);   // 09:00: Erik
    EXPECT_FALSE(answer->times[2].speaker_free);  // 11:00: only Amina
    query.to = "2027-03-01T00:00:00+01:00";
    EXPECT_EQ(error_codes(service_.find_availability(query).error()),
              std::vector<std::string>{"to:invalid_range"});
    query = {"nowhere", "", "", "", ""};
    EXPECT_EQ(error_codes(service_.find_availability(query).error()),
              std::vector<std::string>{"unit:unknown_unit"});
}

}  // namespace
}  // namespace samtal
