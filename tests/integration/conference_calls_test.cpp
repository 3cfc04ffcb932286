// Three-way phone calls: dial jobs written with the booking, moved with it and dropped on
// cancellation, dialled at the start time through the real Twilio client against the local
// fake (tests/fakes/twilio.py). The booking core, the store and the dialler run in the test's
// process with a clock the test sets; the last tests run the real binary on the real clock.
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <thread>

#include "adapters/meetings/registry.hpp"
#include "integration/fixture.hpp"
#include "service/core/booking_service.hpp"
#include "service/core/telephony.hpp"
#include "service/outbox/conference_dialler.hpp"
#include "service/store/booking_store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_store.hpp"
#include "support/twilio_fake.hpp"

namespace samtal::testing {
namespace {

using namespace std::chrono_literals;

// Monday 30 November 2026 07:00 local: 09:00 and 10:00 that day are bookable.
const sys_seconds k_now =
    sys_seconds{date::sys_days{date::year{2026} / 11 / 30} + std::chrono::hours{6}};
constexpr const char* k_nine = "2026-11-30T09:00:00+01:00";
constexpr const char* k_ten = "2026-11-30T10:00:00+01:00";
constexpr const char* k_eleven = "2026-11-30T11:00:00+01:00";  // only Amina works then

constexpr const char* k_advisor_phone = "+46735551234";
constexpr const char* k_parent_phone = "+46701234567";
constexpr const char* k_interpreter_phone = "+46761234567";

std::int64_t ms(const std::string& rfc3339) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               parse_rfc3339(rfc3339)->time_since_epoch())
        .count();
}

// The test unit with a phone for Amina (Erik has none) and `telephony` as its account.
std::string unit_text(const std::string& telephony) {
    auto text = test_config_text("", "\n" + telephony);
    auto at = text.find("email = \"amina@example.org\"\n");
    text.insert(at, "phone = \"073-555 12 34\"\n  ");
    return allow_loopback_outgoing() + text;
}

class conference_calls_test : public ::testing::Test {
protected:
    conference_calls_test() {
        dialler_.set_interpreter_phones([this](std::int64_t) { return interpreter_; });
    }

    // A phone booking at `start` asking for an interpreter in Arabic, which nobody speaks.
    created_booking book(const std::string& start, const std::string& language = "ar") {
        booking_request request;
        request.unit = "test-unit";
        request.start = start;
        request.channel = "phone";
        request.phone = "070-123 45 67";
        request.language = language;
        request.interpreter = true;
        request.topic = "sleep";
        auto created = service_.create(request);
        EXPECT_TRUE(created) << start;
        return created ? created.value() : created_booking{};
    }

    // Runs the dialler whenever a job asks for it from `from_ms` on, as the worker would, until
    // no job is due before `until_ms`.
    void dial_between(std::int64_t from_ms, std::int64_t until_ms) {
        for (auto at = from_ms; at < until_ms;) {
            dialler_.dial_due(at);
            auto due = jobs_.due(std::numeric_limits<std::int64_t>::max(), 1);
            if (due.empty()) return;
            at = std::max(at, due.front().due_at_ms);
        }
    }

    // The booking's job as the table holds it, whatever its status.
    std::optional<dial_job> job_of(std::int64_t booking_id) {
        std::optional<dial_job> found;
        db_.read([&](database::connection& db) {
            auto row = db.prepared(
                "SELECT conference, due_at, status, attempts, dialled, "
                "last_error FROM dial_jobs WHERE booking_id = ?");
            row->bind(1, booking_id);
            if (row->executeStep())
                found = dial_job{booking_id,
                                 row->getColumn(0).getString(),
                                 row->getColumn(1).getInt64(),
                                 row->getColumn(2).getString(),
                                 row->getColumn(3).getInt(),
                                 row->getColumn(4).getString(),
                                 row->getColumn(5).getString(),
                                 ""};
        });
        return found;
    }

    temp_dir dir_;
    twilio_fake fake_{dir_.path()};
    config settings_ = parse_config(unit_text(fake_.unit_telephony_keys()), "test.toml");
    testing::test_store test_store_{dir_.path()};
    database db_{test_store_.location()};
    advisor_roster roster_{settings_.units};
    booking_store store_{
        db_, [this](const booking_record& booking) {
            const auto* unit = settings_.find_unit(booking.unit);
            auto advisors = roster_.of(booking.unit);
            return unit && bridges_call(*unit, find_advisor(*advisors, booking.advisor), booking);
        }};
    secret_key code_key_{1}, seal_key_{2};
    sealed_box contact_box_{seal_key_};
    sys_seconds now_ = k_now;
    booking_service service_{
        settings_.units,        roster_, store_, code_key_, contact_box_, find_meeting_platform,
        [this] { return now_; }};
    dial_job_store jobs_{db_};
    metrics stats_;
    access_log log_;
    conference_dialler dialler_{settings_,       roster_, jobs_, contact_box_,
                                system_random(), stats_,  log_};
    std::optional<std::string> interpreter_ = "+46 76 123 45 67";
};

TEST_F(conference_calls_test, calls_advisor_parent_and_interpreter_at_the_start) {
    auto booking = book(k_nine);
    ASSERT_EQ(booking.booking.advisor, "amina");
    ASSERT_TRUE(booking.booking.interpreter);

    EXPECT_EQ(dialler_.dial_due(ms(k_nine) - 1000), 0);
    EXPECT_TRUE(fake_.requests().empty());

    // The advisor first; the others once the advisor has answered.
    EXPECT_EQ(dialler_.dial_due(ms(k_nine)), 1);
    EXPECT_EQ(fake_.dialled_numbers(), (std::vector<std::string>{k_advisor_phone}));
    auto waiting = job_of(booking.booking.id);
    EXPECT_EQ(waiting->status, "pending");
    EXPECT_EQ(waiting->due_at_ms, ms(k_nine) + 3000);
    EXPECT_TRUE(jobs_.problems(10).empty()) << "waiting for an answer is no problem";
    EXPECT_EQ(dialler_.dial_due(ms(k_nine) + 3000), 1);
    EXPECT_EQ(fake_.dialled_numbers(),
              (std::vector<std::string>{k_advisor_phone, k_parent_phone, k_interpreter_phone}));
    // In between, the service looked up the conference: the advisor had answered.
    auto requests = fake_.all_requests();
    ASSERT_EQ(requests.size(), 5u);
    EXPECT_EQ(requests[1].at("method").as_string(), "GET");
    EXPECT_EQ(requests[1].at("query").as_string(), "FriendlyName=" + waiting->conference);
    std::set<std::string> conferences;
    for (const auto& request : fake_.requests())
        conferences.insert(std::string(request.at("path").as_string()));
    EXPECT_EQ(conferences.size(), 1u) << "all three in one conference";
    EXPECT_EQ(jobs_.counts()["dialled"], 1);
    EXPECT_TRUE(jobs_.problems(10).empty());

    // Done is done: a later pass calls nobody again.
    EXPECT_EQ(dialler_.dial_due(ms(k_nine) + 60000), 0);
    EXPECT_EQ(fake_.requests().size(), 3u);
}

TEST_F(conference_calls_test, a_moved_booking_is_called_at_its_new_time) {
    auto booking = book(k_nine);
    ASSERT_TRUE(service_.reschedule(booking.code, k_ten));
    EXPECT_EQ(dialler_.dial_due(ms(k_nine) + 60000), 0);
    EXPECT_TRUE(fake_.requests().empty());
    dial_between(ms(k_ten), ms(k_ten) + 60000);
    EXPECT_EQ(fake_.dialled_numbers().size(), 3u);
}

TEST_F(conference_calls_test, a_cancelled_booking_calls_nobody) {
    auto booking = book(k_nine);
    ASSERT_TRUE(service_.cancel(booking.code));
    EXPECT_EQ(dialler_.dial_due(ms(k_nine) + 60000), 0);
    EXPECT_TRUE(fake_.requests().empty());
    auto counts = jobs_.counts();
    EXPECT_EQ(counts["pending"] + counts["dialled"] + counts["dead"], 0);
}

TEST_F(conference_calls_test, only_bridged_calls_get_a_job) {
    // Amina speaks Somali: no interpreter, no conference.
    auto speaker = book(k_nine, "so");
    EXPECT_FALSE(speaker.booking.interpreter);
    // Erik has no phone of his own to be called on.
    auto with_erik = book(k_nine);
    ASSERT_EQ(with_erik.booking.advisor, "erik");
    EXPECT_FALSE(job_of(speaker.booking.id));
    EXPECT_FALSE(job_of(with_erik.booking.id));
    // Moved to where only Amina works, Erik's booking becomes hers and gets its call.
    ASSERT_TRUE(service_.reschedule(with_erik.code, k_eleven));
    EXPECT_TRUE(job_of(with_erik.booking.id));
}

TEST_F(conference_calls_test, a_unit_without_telephony_plans_no_calls) {
    settings_ = parse_config(unit_text(""), "test.toml");
    auto booking = book(k_nine);
    EXPECT_TRUE(booking.booking.interpreter);
    EXPECT_FALSE(job_of(booking.booking.id));
}

TEST_F(conference_calls_test, without_the_interpreters_number_the_two_others_are_called) {
    interpreter_.reset();
    auto booking = book(k_nine);
    ASSERT_EQ(dialler_.dial_due(ms(k_nine)), 1);
    ASSERT_EQ(dialler_.dial_due(ms(k_nine) + 3000), 1);
    EXPECT_EQ(fake_.dialled_numbers(), (std::vector<std::string>{k_advisor_phone, k_parent_phone}));
    // Staff see it at once, and it is tried again.
    auto problems = jobs_.problems(10);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].status, "pending");
    EXPECT_EQ(problems[0].dialled, "advisor parent");
    EXPECT_EQ(problems[0].last_error, "no interpreter number yet");

    // The number arrives: only the interpreter is called.
    interpreter_ = k_interpreter_phone;
    EXPECT_EQ(dialler_.dial_due(problems[0].due_at_ms), 1);
    EXPECT_EQ(fake_.dialled_numbers(),
              (std::vector<std::string>{k_advisor_phone, k_parent_phone, k_interpreter_phone}));
    EXPECT_TRUE(jobs_.problems(10).empty());
    EXPECT_EQ(jobs_.counts()["dialled"], 1);
}

TEST_F(conference_calls_test, an_interpreter_number_that_never_comes_is_a_dead_call_for_staff) {
    interpreter_.reset();
    auto booking = book(k_nine);
    // Tried until the conversation's end, then given up.
    for (auto at = ms(k_nine); job_of(booking.booking.id)->status == "pending";) {
        ASSERT_EQ(dialler_.dial_due(at), 1);
        at = job_of(booking.booking.id)->due_at_ms;
    }
    auto job = job_of(booking.booking.id);
    EXPECT_EQ(job->status, "dead");
    EXPECT_EQ(job->last_error, "no interpreter number yet");
    EXPECT_EQ(fake_.dialled_numbers().size(), 2u) << "the advisor and the parent once each";
}

TEST_F(conference_calls_test, a_busy_provider_is_retried_and_calls_only_who_is_missing) {
    auto booking = book(k_nine);
    fake_.fail_next(503, 1);
    ASSERT_EQ(dialler_.dial_due(ms(k_nine)), 1);
    auto job = job_of(booking.booking.id);
    EXPECT_EQ(job->status, "pending");
    EXPECT_EQ(job->dialled, "");
    EXPECT_EQ(job->last_error, "advisor: telephony provider answered 503 (Twilio error 20500)");
    EXPECT_GT(job->due_at_ms, ms(k_nine));

    // The parent's call fails once too, and so does a look at the conference: the advisor is
    // not called again for either.
    fake_.fail_next(429, 1, k_parent_phone);
    fake_.fail_next_check(500, 1);
    dial_between(job->due_at_ms, ms(k_nine) + 10 * 60000);
    EXPECT_EQ(job_of(booking.booking.id)->status, "dialled");
    auto numbers = fake_.dialled_numbers();
    EXPECT_EQ(std::count(numbers.begin(), numbers.end(), k_advisor_phone), 2);  // the 503, then
    EXPECT_EQ(std::count(numbers.begin(), numbers.end(), k_parent_phone), 2);   // the 429, then
    EXPECT_EQ(std::count(numbers.begin(), numbers.end(), k_interpreter_phone), 1);
}

TEST_F(conference_calls_test, a_refusal_is_a_dead_call_for_staff_without_numbers) {
    auto booking = book(k_nine);
    fake_.fail_next(400, 1);
    ASSERT_EQ(dialler_.dial_due(ms(k_nine)), 1);
    auto job = job_of(booking.booking.id);
    EXPECT_EQ(job->status, "dead");
    EXPECT_EQ(job->last_error, "advisor: telephony provider answered 400 (Twilio error 21220)");
    EXPECT_EQ(stats_.render().find("+46"), std::string::npos);
}

TEST_F(conference_calls_test, a_call_due_after_the_conversation_is_not_made) {
    auto booking = book(k_nine);
    ASSERT_EQ(dialler_.dial_due(ms(k_nine) + 45 * 60000), 1);
    EXPECT_EQ(job_of(booking.booking.id)->status, "dead");
    EXPECT_TRUE(fake_.requests().empty());
}

// An advisor who does not pick up leaves nobody waiting: the parent and the interpreter are
// not called into an empty conference, and staff see why.
TEST_F(conference_calls_test, nobody_else_is_called_when_the_advisor_does_not_answer) {
    fake_.never_answer(k_advisor_phone);
    auto booking = book(k_nine);
    dial_between(ms(k_nine), ms(k_nine) + 30 * 60000);
    EXPECT_EQ(fake_.dialled_numbers(), (std::vector<std::string>{k_advisor_phone}));
    auto job = job_of(booking.booking.id);
    EXPECT_EQ(job->status, "dead");
    EXPECT_EQ(job->last_error, "the advisor did not answer");
    // It kept looking for the five minutes the dialler waits, every three seconds.
    auto requests = fake_.all_requests();
    auto looks = std::count_if(requests.begin(), requests.end(), [](const auto& request) {
        return request.at("path").as_string().ends_with("/Conferences.json");
    });
    EXPECT_GE(looks, 95);
    EXPECT_LE(looks, 101);
}

// A call that went through although its answer never came is not made again: the
// conference's participants say who is being called already.
TEST_F(conference_calls_test, a_call_whose_answer_was_lost_is_not_made_twice) {
    auto booking = book(k_nine);
    fake_.answer_late(k_parent_phone, 1);
    dial_between(ms(k_nine), ms(k_nine) + 10 * 60000);
    auto job = job_of(booking.booking.id);
    EXPECT_EQ(job->status, "dialled");
    EXPECT_EQ(job->dialled, "advisor parent interpreter");
    EXPECT_EQ(fake_.dialled_numbers(),
              (std::vector<std::string>{k_advisor_phone, k_parent_phone, k_interpreter_phone}));
}

// Twilio learns the numbers it must call and nothing else: no booking code, no calendar
// UID, no language or topic, no unit or advisor, and a conference name that means nothing.
TEST_F(conference_calls_test, the_provider_learns_nothing_beyond_the_numbers_it_calls) {
    auto first = book(k_nine);
    auto second = book(k_eleven);
    dial_between(ms(k_nine), ms(k_nine) + 60000);
    dial_between(ms(k_eleven), ms(k_eleven) + 60000);
    auto requests = fake_.requests();
    ASSERT_EQ(requests.size(), 6u);
    // The look-ups name only the conference.
    for (const auto& look : fake_.all_requests()) {
        if (look.at("method").as_string() != "GET") continue;
        std::string where(look.at("path").as_string()), query(look.at("query").as_string());
        if (where.ends_with("/Conferences.json"))
            EXPECT_TRUE(std::regex_match(query, std::regex("FriendlyName=[0-9a-f]{32}"))) << query;
        else
            EXPECT_TRUE(std::regex_match(where, std::regex(".*/Conferences/CF[0-9a-f]{32}/"
                                                           "Participants\\.json")) &&
                        query.empty())
                << where << "?" << query;
    }

    const std::set<std::string> allowed_fields{"From",
                                               "To",
                                               "Label",
                                               "Timeout",
                                               "StartConferenceOnEnter",
                                               "EndConferenceOnExit",
                                               "Record",
                                               "ConferenceRecord",
                                               "MaxParticipants",
                                               "TimeLimit"};
    const std::set<std::string> numbers{twilio_fake::from, k_advisor_phone, k_parent_phone,
                                        k_interpreter_phone};
    const std::regex path("/2010-04-01/Accounts/" + std::string(twilio_fake::account_sid) +
                          "/Conferences/([0-9a-f]{32})/Participants\\.json");
    std::set<std::string> conferences;
    for (const auto& request : requests) {
        std::string where(request.at("path").as_string());
        std::string body(request.at("body").as_string());
        std::smatch match;
        ASSERT_TRUE(std::regex_match(where, match, path)) << where;
        conferences.insert(match[1]);
        EXPECT_TRUE(std::string(request.at("query").as_string()).empty());
        for (const auto& [name, value] : request.at("form").as_object()) {
            SCOPED_TRACE(std::string(name));
            EXPECT_TRUE(allowed_fields.contains(std::string(name)));
            std::string text(value.as_string());
            if (name == "From" || name == "To") {
                EXPECT_TRUE(numbers.contains(text)) << text;
            }
            if (name == "Label") {
                EXPECT_TRUE(text == "advisor" || text == "parent" || text == "interpreter");
            }
        }
        for (const auto& booking : {first, second}) {
            for (const auto& secret : {booking.code, booking.booking.calendar_uid,
                                       booking.booking.calendar_uid.substr(0, 32)}) {
                EXPECT_EQ(where.find(secret), std::string::npos);
                EXPECT_EQ(body.find(secret), std::string::npos);
            }
        }
        for (std::string named : {"test-unit", "Test+unit", "amina", "Amina", "arabic", "Arabic",
                                  "sleep", "language", "topic"}) {
            EXPECT_EQ(body.find(named), std::string::npos) << named;
            EXPECT_EQ(where.find(named), std::string::npos) << named;
        }
    }
    EXPECT_EQ(conferences.size(), 2u) << "each conversation in its own conference";
    for (const auto& booking : {first, second})
        EXPECT_EQ(conferences.count(job_of(booking.booking.id)->conference), 1u);

    // Nor does the job's row hold a number.
    db_.read([&](database::connection& db) {
        auto rows = db.prepared("SELECT * FROM dial_jobs");
        while (rows->executeStep())
            for (int column = 0; column < rows->getColumnCount(); ++column)
                EXPECT_EQ(rows->getColumn(column).getString().find("+46"), std::string::npos);
    });
}

// The real binary on the real clock. Three advisors start work just after now in a unit with
// no minimum notice and five-minute conversations, so that bookings start within a minute or
// so: one is kept, one moved a week on, one cancelled. At the start the fake hears from the
// kept one only; the interpreter's number is not wired in yet, so staff see the call wait for
// it.
class conference_calls_service_test : public ::testing::Test {
protected:
    conference_calls_service_test() {
        auto now = std::chrono::system_clock::now();
        start_ = date::ceil<std::chrono::minutes>(now + 20s);
        const auto& zone = *find_time_zone("Europe/Stockholm");
        auto local = to_local(start_, zone);
        auto day = date::floor<date::days>(local);
        minute_of_day_ = int((local - day).count());
        weekday_ = int((date::weekday{day}.c_encoding() + 6) % 7);  // Monday first
    }

    // Advisor n (1-3) is called on +4673555120n; the parent of booking n on +4670123450n.
    // `unit_extra` goes at the end of the unit's table.
    std::string config_text(const std::string& languages = "[\"sv\", \"ar\"]",
                            const std::string& unit_extra = "") const {
        auto clock = [](int minutes) {
            char text[16];
            std::snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
            return std::string(text);
        };
        static constexpr const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        auto hours = std::string("{ ") + days[weekday_] + " = [\"" + clock(minute_of_day_) + "-" +
                     clock(std::min(minute_of_day_ + 10, 24 * 60)) + "\"] }";
        std::string advisors;
        for (int n = 1; n <= 3; ++n)
            advisors += "\n  [[units.advisors]]\n  id = \"advisor-" + std::to_string(n) +
                        "\"\n  name = \"Advisor " + std::to_string(n) +
                        "\"\n  site = \"rinkeby\"\n  email = \"advisor" + std::to_string(n) +
                        "@example.org\"\n  phone = \"+4673555120" + std::to_string(n) +
                        "\"\n  languages = [\"sv\"]\n  hours = " + hours + "\n";
        return "[server]\nthreads = 2\nshutdown_grace_ms = 3000\n\n[abuse_limits]\n" +
               k_generous_abuse_limits +
               "\n[secrets]\ncreate_missing_keys = true\n\n[outbox]\npoll_interval_ms = 200\n\n" +
               allow_loopback_outgoing() +
               "[[staff_tokens]]\nname = \"manager\"\nrole = \"manager\"\nunit = \"test-unit\"\n"
               "sha256 = \"" +
               hex_sha256("manager-token") +
               "\"\n\n[[staff_tokens]]\nname = \"operator\"\nrole = \"operator\"\nsha256 = \"" +
               hex_sha256("operator-token") +
               "\"\n\n[[units]]\nid = \"test-unit\"\nname = \"Test unit\"\n"
               "conversation_minutes = 5\nbuffer_minutes = 0\nminimum_notice_hours = 0\n"
               "channels = [\"phone\"]\nlanguages = " +
               languages +
               "\n\n"
               "  [[units.sites]]\n  id = \"rinkeby\"\n  name = \"Rinkeby\"\n" +
               advisors + "\n  [units.invitations]\n  organizer_email = \"unit@example.org\"\n\n" +
               fake_.unit_telephony_keys() + unit_extra;
    }

    http_answer call(const std::string& method, const std::string& target,
                     const std::string& body = "", const std::string& bearer = "") {
        std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
        if (!bearer.empty()) headers["Authorization"] = "Bearer " + bearer;
        return http_request(service_->port(), method, target, body, headers);
    }

    std::string book(int n, const std::string& language = "ar") {
        auto answer = call("POST", "/api/v1/bookings",
                           boost::json::serialize(boost::json::object{
                               {"unit", "test-unit"},
                               {"start", format_utc(sys_seconds{start_}, "%Y-%m-%dT%H:%M:00Z")},
                               {"channel", "phone"},
                               {"phone", "+4670123450" + std::to_string(n)},
                               {"language", language},
                               {"interpreter", true}}));
        EXPECT_EQ(answer.status, 201) << answer.body;
        return std::string(boost::json::parse(answer.body).at("code").as_string());
    }

    temp_dir dir_;
    twilio_fake fake_{dir_.path()};
    sys_minutes start_;
    int minute_of_day_ = 0;
    int weekday_ = 0;
    std::unique_ptr<service_process> service_;
};

TEST_F(conference_calls_service_test, the_kept_booking_is_called_at_its_start_and_no_other) {
    // The advisors' hours cannot run past midnight: a run in the last minutes of a day waits.
    if (minute_of_day_ > 24 * 60 - 10) GTEST_SKIP() << "too close to midnight in Stockholm";
    service_ = std::make_unique<service_process>(config_text());

    auto kept = book(1);
    auto moved = book(2);
    auto cancelled = book(3);
    // A week on, at the same time of day.
    auto later = format_utc(sys_seconds{start_ + date::days{7}}, "%Y-%m-%dT%H:%M:00Z");
    EXPECT_EQ(call("POST", "/api/v1/bookings/self/reschedule",
                   boost::json::serialize(boost::json::object{{"start", later}}), moved)
                  .status,
              200);
    EXPECT_EQ(call("DELETE", "/api/v1/bookings/self", "", cancelled).status, 200);
    EXPECT_TRUE(fake_.requests().empty()) << "nobody is called before the start";

    // The advisor at the start, the parent once the advisor has answered (looked at every
    // three seconds).
    std::this_thread::sleep_until(std::chrono::system_clock::time_point{start_} + 4s);
    for (int i = 0; i < 100 && fake_.requests().size() < 2; ++i) std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(1s);  // time for a wrong third call to show
    auto requests = fake_.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(fake_.dialled_numbers(), (std::vector<std::string>{"+46735551201", "+46701234501"}));
    auto start_seconds = double(unix_seconds(start_));
    for (const auto& request : requests) {
        EXPECT_GE(request.at("time").as_double(), start_seconds);
        EXPECT_LT(request.at("time").as_double(), start_seconds + 8);
    }

    auto staff = call("GET", "/api/v1/staff/conference-calls", "", "operator-token");
    ASSERT_EQ(staff.status, 200) << staff.body;
    auto answer = boost::json::parse(staff.body);
    EXPECT_EQ(answer.at("counts").at("pending").as_int64(), 2) << staff.body;  // kept and moved
    const auto& problems = answer.at("problems").as_array();
    ASSERT_EQ(problems.size(), 1u) << staff.body;
    EXPECT_EQ(problems[0].at("status").as_string(), "pending");
    EXPECT_EQ(problems[0].at("dialled").as_string(), "advisor parent");
    EXPECT_EQ(problems[0].at("last_error").as_string(), "no interpreter number yet");
    EXPECT_EQ(staff.body.find("+46"), std::string::npos);
    EXPECT_EQ(call("GET", "/api/v1/staff/conference-calls").status, 401);

    // The parents' privacy page says who else gets their number.
    auto privacy = call("GET", "/privacy?lang=en").body;
    EXPECT_NE(privacy.find("phone service may call you, the advisor and the interpreter into "
                           "one call. It gets the phone numbers it calls and nothing else about "
                           "you."),
              std::string::npos)
        << privacy;

    // Operators see the same in the metrics: two calls made, one call waiting, two planned.
    auto metrics = call("GET", "/metrics").body;
    EXPECT_NE(metrics.find("samtal_events_total{event=\"conference_dials\"} 2"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("samtal_dial_jobs{status=\"pending\"} 2"), std::string::npos);
    EXPECT_EQ(metrics.find("+46"), std::string::npos);
}

TEST_F(conference_calls_service_test, a_somali_phone_call_with_an_interpreter_calls_all_three) {
    if (minute_of_day_ > 24 * 60 - 10) GTEST_SKIP() << "too close to midnight in Stockholm";
    // No advisor speaks Somali, so the booking orders an interpreter from the unit's agency.
    service_ = std::make_unique<service_process>(
        config_text("[\"sv\", \"so\"]",
                    "\n  [units.interpreters]\n  agency = \"email\"\n"
                    "  mailbox = \"tolk@agency.example\"\n"));
    auto code = book(1, "so");
    auto booking = boost::json::parse(call("GET", "/api/v1/bookings/self", "", code).body);
    EXPECT_EQ(booking.at("interpreter").at("needed"), true) << booking;

    // Staff enter the agency's answer: an interpreter who joins by phone.
    // The unit's day, in Stockholm: between 23:00 and midnight UTC it is already tomorrow.
    auto day = date::format(
        "%F", date::floor<date::days>(to_local(start_, *find_time_zone("Europe/Stockholm"))));
    auto listed = call("GET", "/api/v1/staff/interpreter-requests?unit=test-unit&day=" + day, "",
                       "manager-token");
    ASSERT_EQ(listed.status, 200) << listed.body;
    auto listing = boost::json::parse(listed.body);
    const auto& requests = listing.at("requests").as_array();
    ASSERT_EQ(requests.size(), 1u) << listed.body;
    EXPECT_EQ(requests[0].at("language"), "so") << listed.body;
    EXPECT_EQ(listed.body.find("+4670123450"), std::string::npos) << "no parent's number";
    auto answered =
        call("POST", "/api/v1/staff/interpreter-requests/answer",
             boost::json::serialize(boost::json::object{{"reference", requests[0].at("reference")},
                                                        {"status", "confirmed"},
                                                        {"interpreter_reference", "T-17"},
                                                        {"joins_by", "phone"},
                                                        {"phone", "070-765 43 21"}}),
             "manager-token");
    ASSERT_EQ(answered.status, 200) << answered.body;

    // At the start: the advisor, then (once the advisor has answered) the parent and the
    // interpreter, each with the number the call needs and nothing more.
    std::this_thread::sleep_until(std::chrono::system_clock::time_point{start_} + 4s);
    for (int i = 0; i < 100 && fake_.requests().size() < 3; ++i) std::this_thread::sleep_for(100ms);
    auto dialled = fake_.dialled_numbers();
    ASSERT_EQ(dialled.size(), 3u);
    std::sort(dialled.begin() + 1, dialled.end());
    EXPECT_EQ(dialled, (std::vector<std::string>{"+46735551201", "+46701234501", "+46707654321"}));
    for (const auto& request : fake_.requests()) {
        auto text = boost::json::serialize(request);
        for (const auto& secret : {code, std::string("Somali"), std::string("test-unit")})
            EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
    }
    auto staff = boost::json::parse(
        call("GET", "/api/v1/staff/conference-calls", "", "operator-token").body);
    EXPECT_TRUE(staff.at("problems").as_array().empty()) << staff;
}

}  // namespace
}  // namespace samtal::testing
