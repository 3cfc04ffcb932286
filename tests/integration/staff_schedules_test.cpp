// The unit's schedules in the store, through the real binary: an absence hands conversations
// over with invitations a real mail server receives, the free times follow at once, contact
// data goes only to the advisor who holds a conversation, and an installation from before the
// store kept advisors moves over on its next start.
#include <SQLiteCpp/Database.h>

#include "integration/delivery_fixture.hpp"

namespace samtal::testing {
namespace {

const std::map<std::string, std::string> k_tokens{{"coordinator", "token-cora"},
                                                  {"amina", "token-amina"},
                                                  {"erik", "token-erik"},
                                                  {"manager", "token-max"}};

std::string staff_tokens() {
    auto entry = [](const std::string& name, const std::string& role, const std::string& extra) {
        return "[[staff_tokens]]\nname = \"" + name + "\"\nrole = \"" + role +
               "\"\nunit = \"test-unit\"\n" + extra + "sha256 = \"" +
               hex_sha256(k_tokens.at(name)) + "\"\n\n";
    };
    return entry("coordinator", "coordinator", "") + entry("manager", "manager", "") +
           entry("amina", "advisor", "advisor = \"amina\"\n") +
           entry("erik", "advisor", "advisor = \"erik\"\n");
}

class staff_schedules : public delivery_test {
protected:
    static http_answer as(service_process& service, const std::string& who,
                          const std::string& method, const std::string& target,
                          const std::string& body = "") {
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + k_tokens.at(who)}};
        if (!body.empty()) headers["Content-Type"] = "application/json";
        return http_request(service.port(), method, target, body, headers);
    }
    static http_answer book_in(service_process& service, const std::string& start,
                               const std::string& phone, const std::string& language) {
        boost::json::object body{{"unit", "test-unit"},
                                 {"start", start},
                                 {"channel", "phone"},
                                 {"phone", phone},
                                 {"language", language}};
        return http_request(service.port(), "POST", "/api/v1/bookings",
                            boost::json::serialize(body), {{"Content-Type", "application/json"}});
    }
    static boost::json::array conversations(service_process& service, const std::string& who,
                                            const std::string& day) {
        auto answer = as(service, who, "GET", "/api/v1/staff/conversations?day=" + day);
        EXPECT_EQ(answer.status, 200) << answer.body;
        return boost::json::parse(answer.body).at("conversations").as_array();
    }
    // Whether a Somali speaker is free at `start` as the availability says.
    static bool somali_speaker_free(service_process& service, const std::string& start) {
        auto answer = http_request(
            service.port(), "GET",
            "/api/v1/availability?unit=test-unit&language=so&to=" + fortnight_from_now());
        auto parsed = boost::json::parse(answer.body);
        for (const auto& time : parsed.at("times").as_array())
            if (time.at("start").as_string() == start) return time.at("speaks_language").as_bool();
        return false;
    }
};

// The first weekday in the offered times with free times at 09:00, 10:00 and 11:00, when
// Amina, who alone speaks Somali, works.
std::string first_weekday(const std::vector<std::string>& free) {
    for (const auto& time : free) {
        if (time.substr(10, 6) != "T09:00") continue;
        auto day = time.substr(0, 10);
        date::local_days local;
        std::istringstream(day) >> date::parse("%Y-%m-%d", local);
        auto weekday = date::weekday{local}.c_encoding();
        auto has = [&](const std::string& clock) {
            return std::find(free.begin(), free.end(), day + "T" + clock + time.substr(16)) !=
                   free.end();
        };
        if (weekday >= 1 && weekday <= 5 && has("10:00") && has("11:00")) return day;
    }
    return "";
}

TEST_F(staff_schedules, an_absence_hands_the_day_over_with_a_cancel_and_a_request_each) {
    smtp_server smtp(dir_);
    smtp.start();
    service_process service(staff_tokens() + delivery_config(smtp_keys(smtp.port())));
    auto free = times(service);
    auto day = first_weekday(free);
    ASSERT_FALSE(day.empty());
    auto offset = free.front().substr(19);
    auto nine = day + "T09:00:00" + offset, ten = day + "T10:00:00" + offset,
         eleven = day + "T11:00:00" + offset;
    ASSERT_EQ(book_in(service, nine, "070-111 22 33", "so").status, 201);
    ASSERT_EQ(book_in(service, ten, "070-444 55 66", "so").status, 201);
    auto before = conversations(service, "coordinator", day);
    ASSERT_EQ(before.size(), 2u);
    for (const auto& conversation : before)
        EXPECT_EQ(conversation.at("advisor").as_string(), "amina");
    ASSERT_EQ(wait_for(2, [&] { return smtp.mails().size(); }), 2u);
    EXPECT_TRUE(somali_speaker_free(service, eleven));

    auto absent = as(service, "coordinator", "POST", "/api/v1/staff/advisors/amina/absences",
                     "{\"from\":\"" + day + "\",\"to\":\"" + day + "\"}");
    ASSERT_EQ(absent.status, 201) << absent.body;
    auto answer = boost::json::parse(absent.body);
    EXPECT_EQ(answer.at("handed_over").as_array().size(), 2u);
    EXPECT_TRUE(answer.at("needs_decision").as_array().empty());
    // At once, without a restart: nobody who speaks Somali is free that day any more.
    EXPECT_FALSE(somali_speaker_free(service, eleven));

    ASSERT_EQ(wait_for(6, [&] { return smtp.mails().size(); }), 6u);
    std::map<std::string, std::vector<std::string>> received;  // method and attendee: start times
    std::set<std::string> uids;
    for (const auto& mail : smtp.mails()) {
        auto invitation = read_invitation(mail);
        received[invitation.calendar_method + " " + invitation.attendee].push_back(
            invitation.dtstart);
        uids.insert(invitation.uid);
    }
    for (auto& [key, starts] : received) std::sort(starts.begin(), starts.end());
    std::vector<std::string> both{utc_ical(nine), utc_ical(ten)};
    EXPECT_EQ(received["REQUEST mailto:amina@example.org"], both);
    EXPECT_EQ(received["CANCEL mailto:amina@example.org"], both);
    EXPECT_EQ(received["REQUEST mailto:erik@example.org"], both);
    EXPECT_EQ(uids.size(), 2u);  // the same two events, now in Erik's calendar

    // Erik sees the numbers of his conversations; Amina, and the manager, see none.
    auto eriks = conversations(service, "erik", day);
    ASSERT_EQ(eriks.size(), 2u);
    EXPECT_EQ(eriks[0].at("contact").at("phone").as_string(), "+46701112233");
    EXPECT_TRUE(conversations(service, "amina", day).empty());
    for (const auto& conversation : conversations(service, "manager", day))
        EXPECT_FALSE(conversation.as_object().contains("contact"));
    // Nothing was left without an advisor, and /metrics says so.
    auto metrics = http_request(service.port(), "GET", "/metrics");
    EXPECT_NE(metrics.body.find("samtal_conversations{status=\"needs_decision\"} 0"),
              std::string::npos);
    auto audit = as(service, "coordinator", "GET", "/api/v1/staff/audit");
    ASSERT_EQ(audit.status, 200);
    EXPECT_NE(audit.body.find("contact.shown"), std::string::npos);

    service.stop();
    auto written = service.everything_written();
    for (auto number : {"111 22 33", "1112233", "444 55 66", "4445566"})
        EXPECT_EQ(written.find(number), std::string::npos) << number;
}

TEST_F(staff_schedules, a_stale_write_and_a_bad_schedule_change_nothing) {
    service_process service(staff_tokens() + delivery_config(""));
    auto read = as(service, "amina", "GET", "/api/v1/staff/advisors/amina");
    ASSERT_EQ(read.status, 200);
    auto etag = read.header("etag");
    ASSERT_EQ(etag, "\"1\"");
    auto body = boost::json::parse(read.body).as_object();
    boost::json::object change{{"name", body.at("name")},   {"site", body.at("site")},
                               {"email", body.at("email")}, {"languages", body.at("languages")},
                               {"hours", body.at("hours")}, {"version", 1}};
    change["languages"].as_array().emplace_back("ar");
    auto changed =
        as(service, "amina", "PUT", "/api/v1/staff/advisors/amina", boost::json::serialize(change));
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.header("etag"), "\"2\"");
    auto stale =
        as(service, "amina", "PUT", "/api/v1/staff/advisors/amina", boost::json::serialize(change));
    EXPECT_EQ(stale.status, 409);
    EXPECT_NE(stale.body.find("/problems/version-conflict"), std::string::npos);

    change["version"] = 2;
    change["hours"] = boost::json::object{{"mon", boost::json::array{"10:00-08:00"}}};
    auto refused =
        as(service, "amina", "PUT", "/api/v1/staff/advisors/amina", boost::json::serialize(change));
    EXPECT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("hours.mon"), std::string::npos);
    // A colleague's hours are not Amina's to change.
    EXPECT_EQ(
        as(service, "amina", "PUT", "/api/v1/staff/advisors/erik", boost::json::serialize(change))
            .status,
        403);
    auto after = as(service, "coordinator", "GET", "/api/v1/staff/advisors/amina");
    EXPECT_EQ(after.header("etag"), "\"2\"");
}

TEST_F(staff_schedules, an_installation_from_before_moves_its_advisors_into_the_store) {
    if (store_is_postgresql())
        GTEST_SKIP() << "upgrades a SQLite file from schema 8; PostgreSQL stores start later";
    service_process service(staff_tokens() + delivery_config(""));
    auto free = times(service);
    auto booked = book(service, free.at(0), "070-111 22 33");
    ASSERT_EQ(booked.status, 201);
    auto day = free.at(0).substr(0, 10);
    auto held_by =
        std::string(conversations(service, "coordinator", day).at(0).at("advisor").as_string());
    service.stop();
    {
        // The database as the release before this one left it: schema 8, no advisors tables
        // (nor the later readiness check's table, nor the leases of a later release).
        SQLite::Database db((service.data_dir() / "samtal.db").string(), SQLite::OPEN_READWRITE);
        for (auto table :
             {"periodic_runs", "text_reminders", "statistics_days", "statistics_months",
              "follow_up_marks", "follow_up_answers", "store_changes", "store_checks",
              "staff_sessions", "staff_password_links", "staff_accounts", "staff_audit",
              "advisor_absences", "advisor_hours", "advisor_languages", "advisors"})
            db.exec(std::string("DROP TABLE ") + table);
        db.exec("ALTER TABLE bookings DROP COLUMN outcome");
        for (auto table : {"outbox", "dial_jobs"})
            for (auto column : {"lease_holder", "lease_until"})
                db.exec(std::string("ALTER TABLE ") + table + " DROP COLUMN " + column);
        db.exec("PRAGMA user_version = 8");
    }
    service.start();
    auto advisors = as(service, "coordinator", "GET", "/api/v1/staff/advisors");
    ASSERT_EQ(advisors.status, 200) << advisors.body;
    auto listed = boost::json::parse(advisors.body).at("advisors").as_array();
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_EQ(listed[1].at("id").as_string(), "erik");
    // The booking made before is there and still with its advisor.
    auto day_view = conversations(service, "coordinator", day);
    ASSERT_EQ(day_view.size(), 1u);
    EXPECT_EQ(day_view[0].at("advisor").as_string(), held_by);
}

}  // namespace
}  // namespace samtal::testing
