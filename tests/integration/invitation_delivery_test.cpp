// Invitations reaching real servers: the spool folder, an SMTP server (aiosmtpd) and a CalDAV
// server (Radicale), through outages and a kill -9 of the service.
#include <libical/ical.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "integration/delivery_fixture.hpp"
#include "service/privacy/sealed_box.hpp"
#include "service/privacy/secret_key.hpp"
#include "support/base64.hpp"
#include "support/certificates.hpp"
#include "support/external_process.hpp"
#include "support/failing_proxy.hpp"
#include "support/meeting_provider_fake.hpp"

namespace samtal::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST_F(delivery_test, the_default_spool_folder_receives_an_openable_invitation) {
    service_process service(delivery_config(""));
    auto start = times(service).at(0);
    ASSERT_EQ(book(service, start, "070-111 22 33").status, 201);
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return files_in(spool).size(); }), 1u);
    auto invitation = read_invitation(files_in(spool).at(0));
    EXPECT_EQ(invitation.mime_method, "REQUEST");
    EXPECT_EQ(invitation.calendar_method, "REQUEST");
    EXPECT_EQ(invitation.sequence, 0);
    EXPECT_EQ(invitation.dtstart, utc_ical(start));
    // The advisor's invitation is where the number is meant to be. The file says it is to be
    // kept until the 45-minute conversation and the contact data's two hours of grace are over.
    EXPECT_NE(invitation.description.find("+46701112233"), std::string::npos)
        << invitation.description;
    auto ends = *parse_rfc3339(start) + std::chrono::minutes{45} + std::chrono::hours{2};
    auto name = std::filesystem::directory_iterator(spool)->path().filename().string();
    EXPECT_TRUE(name.starts_with("until-" + std::to_string(ends.time_since_epoch().count()) + "-"))
        << name;
}

// An operator replaces the seal key as deploy/README.md says: the old key becomes a previous
// one, and the contact data of a booking made before still reaches the advisor when it moves.
// Without the previous key the move's invitation is a problem staff see, and nothing crashes.
TEST_F(delivery_test, a_new_seal_key_keeps_open_bookings_contacts_while_the_old_one_is_previous) {
    service_process service(delivery_config(""));
    auto free = times(service);
    ASSERT_GE(free.size(), 5u);
    auto created = book(service, free[0], "070-111 22 33");
    ASSERT_EQ(created.status, 201);
    auto code = code_of(created);
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return files_in(spool).size(); }), 1u);
    auto move_to = [&](const std::string& start) {
        return http_request(
            service.port(), "POST", "/api/v1/bookings/self/reschedule",
            "{\"start\":\"" + start + "\"}",
            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + code}});
    };
    auto restart_with_secrets = [&](const std::string& secrets_keys) {
        service.stop();
        auto text = read_file(service.config_file());
        text.replace(text.find("[secrets]\n"), std::string("[secrets]\n").size(),
                     "[secrets]\n" + secrets_keys);
        std::ofstream(service.config_file()) << text;
        service.start();
    };

    service.stop();
    auto keys = service.data_dir() / "keys";
    std::filesystem::rename(keys / "seal.key", keys / "previous-seal.key");
    secret_key old_key{};
    ASSERT_TRUE(parse_hex_key(read_file(keys / "previous-seal.key").substr(0, 64), old_key));
    auto old_key_id = sealed_box(old_key).key_id();
    // create_missing_keys makes the new key; an operator would generate it.
    restart_with_secrets("previous_seal_key_files = [\"keys/previous-seal.key\"]\n");
    ASSERT_NE(read_file(keys / "seal.key"), read_file(keys / "previous-seal.key"));

    ASSERT_EQ(move_to(free[2]).status, 200);
    // The move's invitation replaces the first one in the spool.
    ASSERT_EQ(wait_for(1, [&] { return spooled_with_sequence(spool, 1); }), 1u);
    ASSERT_EQ(files_in(spool).size(), 1u);
    auto moved = read_invitation(files_in(spool).at(0));
    EXPECT_EQ(moved.dtstart, utc_ical(free[2]));
    EXPECT_NE(moved.description.find("+46701112233"), std::string::npos) << moved.description;

    // Without the previous key: the service starts and serves, and the invitation is dead with
    // the key's id (never the key or the number) for staff.
    service.stop();
    auto config_text = read_file(service.config_file());
    config_text.replace(config_text.find("previous_seal_key_files"),
                        config_text.find('\n', config_text.find("previous_seal_key_files")) -
                            config_text.find("previous_seal_key_files") + 1,
                        "");
    std::ofstream(service.config_file()) << config_text;
    service.start();
    ASSERT_EQ(move_to(free[4]).status, 200);
    auto problem = [&] {
        auto answer = http_request(service.port(), "GET", "/api/v1/staff/deliveries", "",
                                   {{"Authorization", std::string("Bearer ") + k_staff_token}});
        // A message being retried may be listed too, before the dead one shows.
        auto answered = json::parse(answer.body);
        for (const auto& listed : answered.at("problems").as_array())
            if (listed.at("status") == "dead") return listed.as_object();
        return json::object();
    };
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (problem().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    auto dead = problem();
    ASSERT_FALSE(dead.empty()) << "no delivery problem for staff";
    EXPECT_EQ(dead.at("status").as_string(), "dead");
    EXPECT_EQ(std::string(dead.at("last_error").as_string()),
              "the contact data was sealed under seal key " + old_key_id +
                  ", which is neither the current nor a previous seal key");
    EXPECT_EQ(spooled_with_sequence(spool, 1), 1u) << "an invitation went out without the number";
    EXPECT_EQ(files_in(spool).size(), 1u) << "an invitation went out without the number";
    EXPECT_EQ(http_request(service.port(), "GET", "/api/v1/bookings/self", "",
                           {{"Authorization", "Bearer " + code}})
                  .status,
              200);
    EXPECT_EQ(service.stop(), 0);
    auto written = service.everything_written();
    EXPECT_EQ(written.find("111 22 33"), std::string::npos);
    EXPECT_EQ(written.find("46701112233"), std::string::npos);
}

TEST_F(delivery_test, smtp_carries_create_move_and_cancel_with_one_uid_and_rising_sequence) {
    smtp_server smtp(dir_);
    smtp.start();
    service_process service(delivery_config(smtp_keys(smtp.port())));
    auto free = times(service);
    ASSERT_GE(free.size(), 3u);
    auto created = book(service, free[0], "070-111 22 33");
    ASSERT_EQ(created.status, 201);
    auto code = code_of(created);
    ASSERT_EQ(wait_for(1, [&] { return smtp.mails().size(); }), 1u);
    auto moved =
        http_request(service.port(), "POST", "/api/v1/bookings/self/reschedule",
                     "{\"start\":\"" + free[2] + "\"}",
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + code}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    ASSERT_EQ(wait_for(2, [&] { return smtp.mails().size(); }), 2u);
    auto cancelled = http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + code}});
    ASSERT_EQ(cancelled.status, 200);
    ASSERT_EQ(wait_for(3, [&] { return smtp.mails().size(); }), 3u);

    std::vector<received_invitation> received;
    for (const auto& mail : smtp.mails()) received.push_back(read_invitation(mail));
    std::sort(received.begin(), received.end(),
              [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
    ASSERT_EQ(received.size(), 3u);
    for (const auto& invitation : received) {
        EXPECT_EQ(invitation.mime_method, invitation.calendar_method);
        EXPECT_EQ(invitation.uid, received[0].uid);
        EXPECT_EQ(invitation.attendee.rfind("mailto:", 0), 0u);
    }
    EXPECT_EQ(received[0].calendar_method, "REQUEST");
    EXPECT_EQ(received[0].dtstart, utc_ical(free[0]));
    EXPECT_EQ(received[1].calendar_method, "REQUEST");
    EXPECT_EQ(received[1].sequence, 1);
    EXPECT_EQ(received[1].dtstart, utc_ical(free[2]));
    EXPECT_EQ(received[2].calendar_method, "CANCEL");
    EXPECT_EQ(received[2].sequence, 2);
}

TEST_F(delivery_test, fifty_invitations_made_while_smtp_is_down_arrive_exactly_once) {
    smtp_server smtp(dir_);
    service_process service(delivery_config(smtp_keys(smtp.port())));
    auto free = times(service);
    ASSERT_GE(free.size(), 50u);
    for (int i = 0; i < 50; ++i)
        ASSERT_EQ(book(service, free[std::size_t(i)], "070-111 22 33").status, 201);

    // Retrying, and visible to staff as such.
    std::this_thread::sleep_for(500ms);
    auto problems = http_request(service.port(), "GET", "/api/v1/staff/deliveries", "",
                                 {{"Authorization", std::string("Bearer ") + k_staff_token}});
    ASSERT_EQ(problems.status, 200);
    EXPECT_GT(json::parse(problems.body).at("problems").as_array().size(), 0u);
    EXPECT_EQ(http_request(service.port(), "GET", "/api/v1/staff/deliveries").status, 401);

    smtp.start();
    ASSERT_EQ(wait_for(50, [&] { return smtp.mails().size(); }), 50u);
    std::this_thread::sleep_for(1s);
    auto mails = smtp.mails();
    EXPECT_EQ(mails.size(), 50u);
    std::set<std::string> uids;
    for (const auto& mail : mails) uids.insert(read_invitation(mail).uid);
    EXPECT_EQ(uids.size(), 50u);
}

TEST_F(delivery_test, a_kill_during_delivery_loses_no_invitation) {
    // Half of the invitations are on their way when the service is killed, the rest still
    // wait for a mail server that is down; after the restart every one arrives.
    smtp_server smtp(dir_);
    smtp.start();
    service_process service(delivery_config(smtp_keys(smtp.port())));
    auto free = times(service);
    ASSERT_GE(free.size(), 40u);
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(book(service, free[std::size_t(i)], "070-111 22 33").status, 201);
    smtp.stop();
    for (int i = 20; i < 40; ++i)
        ASSERT_EQ(book(service, free[std::size_t(i)], "070-111 22 33").status, 201);
    service.kill_hard();
    smtp.start();
    service.start();
    auto delivered = [&] {
        std::set<std::string> uids;
        for (const auto& mail : smtp.mails()) uids.insert(read_invitation(mail).uid);
        return uids.size();
    };
    EXPECT_EQ(wait_for(40, delivered), 40u);
}

TEST_F(delivery_test, caldav_puts_moves_and_deletes_the_event_in_the_advisors_calendar) {
    caldav_server caldav(dir_);
    caldav.start();
    service_process service(delivery_config("", caldav_advisor_keys(caldav.calendar_url("erik"))));
    // Late evening times belong to Erik alone.
    std::vector<std::string> late;
    for (const auto& time : times(service))
        if (time.substr(11, 2) >= "21") late.push_back(time);
    ASSERT_GE(late.size(), 2u);
    const auto& first = late[0];
    const auto& second = late[1];
    auto created = book(service, first, "070-111 22 33");
    ASSERT_EQ(created.status, 201);
    auto code = code_of(created);
    auto event = [&] {
        auto listing = caldav.request("PROPFIND", "/erik/calendar/");
        std::smatch match;
        if (!std::regex_search(listing.body, match, std::regex("/erik/calendar/([0-9a-f]+)\\.ics")))
            return http_answer{};
        return caldav.request("GET", "/erik/calendar/" + std::string(match[1]) + ".ics");
    };
    ASSERT_EQ(wait_for(200, [&] { return std::size_t(event().status); }), 200u);
    auto stored = event().body;
    EXPECT_EQ(stored.find("METHOD:"), std::string::npos)
        << "a calendar object resource carries no METHOD";
    EXPECT_NE(stored.find("DTSTART:" + utc_ical(first)), std::string::npos) << stored;
    EXPECT_NE(stored.find("SEQUENCE:0"), std::string::npos);

    auto moved =
        http_request(service.port(), "POST", "/api/v1/bookings/self/reschedule",
                     "{\"start\":\"" + second + "\"}",
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + code}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    auto moved_in_calendar = [&] {
        return event().body.find("DTSTART:" + utc_ical(second)) != std::string::npos ? 1u : 0u;
    };
    EXPECT_EQ(wait_for(1, moved_in_calendar), 1u) << event().body;
    EXPECT_NE(event().body.find("SEQUENCE:1"), std::string::npos);

    auto cancelled = http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + code}});
    ASSERT_EQ(cancelled.status, 200);
    EXPECT_EQ(wait_for(1, [&] { return event().status == 0 ? 1u : 0u; }), 1u)
        << "the event is still there";
}

TEST_F(delivery_test, a_calendar_on_loopback_is_refused_unless_its_host_is_allowed) {
    caldav_server caldav(dir_);
    caldav.start();
    service_process service(
        delivery_config("", caldav_advisor_keys(caldav.calendar_url("erik")), "", ""));
    std::vector<std::string> late;
    for (const auto& time : times(service))
        if (time.substr(11, 2) >= "21") late.push_back(time);
    ASSERT_GE(late.size(), 1u);
    ASSERT_EQ(book(service, late[0], "070-111 22 33").status, 201);

    auto refusal = [&] {
        auto problems = http_request(service.port(), "GET", "/api/v1/staff/deliveries", "",
                                     {{"Authorization", std::string("Bearer ") + k_staff_token}});
        auto listed = json::parse(problems.body).at("problems").as_array();
        return listed.empty() ? std::string() : std::string(listed[0].at("last_error").as_string());
    };
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (refusal().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    // Given up at once: only the operator can change where the calendar is.
    EXPECT_EQ(refusal(),
              "refused to connect to 127.0.0.1, a loopback address (allow the host by name under "
              "[outgoing] allow_private_hosts)");
    EXPECT_EQ(caldav.request("PROPFIND", "/erik/calendar/").body.find(".ics"), std::string::npos)
        << "the calendar got the event";
    service.stop();
    EXPECT_EQ(service.everything_written().find("111 22 33"), std::string::npos);
}

TEST_F(delivery_test, invitations_made_while_caldav_answers_503_arrive_once_it_recovers) {
    caldav_server caldav(dir_);
    caldav.start();
    failing_proxy proxy(caldav.port());
    proxy.fail(true);
    service_process service(
        delivery_config("", caldav_advisor_keys("http://127.0.0.1:" + std::to_string(proxy.port()) +
                                                "/erik/calendar/")));
    std::vector<std::string> late;
    for (const auto& time : times(service))
        if (time.substr(11, 2) >= "21") late.push_back(time);
    ASSERT_GE(late.size(), 10u);
    for (int i = 0; i < 10; ++i)
        ASSERT_EQ(book(service, late[std::size_t(i)], "070-111 22 33").status, 201);
    EXPECT_GE(wait_for(10, [&] { return std::size_t(proxy.refused()); }), 10u);
    proxy.fail(false);
    auto stored = [&] {
        auto listing = caldav.request("PROPFIND", "/erik/calendar/");
        std::set<std::string> events;
        std::regex resource("/erik/calendar/([0-9a-f]+)\\.ics");
        for (std::sregex_iterator it(listing.body.begin(), listing.body.end(), resource), end;
             it != end; ++it)
            events.insert((*it)[1]);
        return events.size();
    };
    EXPECT_EQ(wait_for(10, stored), 10u);
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(stored(), 10u);
}

TEST_F(delivery_test, a_unit_hosted_meeting_is_made_before_the_invitation_and_deleted_on_cancel) {
    meeting_provider_fake zoom(dir_.path());
    service_process service(delivery_config("", "", zoom.unit_account_keys()));
    auto created = book_hosted_zoom(service, times(service).at(0));
    ASSERT_EQ(created.status, 201) << created.body;
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return files_in(spool).size(); }), 1u);
    auto made = zoom.requests_to("/users/");
    ASSERT_EQ(made.size(), 1u);
    auto mail = files_in(spool).at(0);
    auto invitation = read_invitation(mail);
    // The advisor gets the attendee's link from Zoom's answer; the host's start link with its
    // zak never leaves the adapter.
    EXPECT_NE(invitation.description.find("https://us05web.zoom.us/j/"), std::string::npos)
        << invitation.description;
    EXPECT_EQ(mail.find("?zak="), std::string::npos);
    EXPECT_EQ(mail.find("HOSTSECRET"), std::string::npos);
    // The parent sees the same link with their code.
    auto seen = http_request(service.port(), "GET", "/api/v1/bookings/self", "",
                             {{"Authorization", "Bearer " + code_of(created)}});
    ASSERT_EQ(seen.status, 200);
    auto meeting = json::parse(seen.body).at("meeting");
    ASSERT_TRUE(meeting.at("ready").as_bool());
    std::string link(meeting.at("join_link").as_string());
    EXPECT_TRUE(link.starts_with("https://us05web.zoom.us/j/")) << link;
    EXPECT_NE(invitation.description.find(link), std::string::npos);

    auto cancelled = http_request(service.port(), "DELETE", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + code_of(created)}});
    ASSERT_EQ(cancelled.status, 200);
    ASSERT_EQ(wait_for(1, [&] { return spooled_with_sequence(spool, 1); }), 1u);
    auto deleted = zoom.requests_to("/v2/meetings/");
    ASSERT_EQ(deleted.size(), 1u);
    EXPECT_EQ(deleted[0].at("method").as_string(), "DELETE");
}

TEST_F(delivery_test, a_booking_stands_while_the_provider_is_down_and_its_meeting_follows) {
    meeting_provider_fake zoom(dir_.path());
    zoom.fail_next("/users/", 503, 3);
    service_process service(delivery_config("", "", zoom.unit_account_keys()));
    auto created = book_hosted_zoom(service, times(service).at(0));
    ASSERT_EQ(created.status, 201) << created.body;
    auto spool = service.data_dir() / "spool";
    ASSERT_EQ(wait_for(1, [&] { return files_in(spool).size(); }), 1u);
    EXPECT_EQ(zoom.requests_to("/users/").size(), 4u);
    EXPECT_NE(read_invitation(files_in(spool).at(0)).description.find("https://us05web.zoom.us/j/"),
              std::string::npos);
}

// The Message-ID of each mail.
std::vector<std::string> message_ids(const std::vector<std::string>& mails) {
    std::vector<std::string> ids;
    std::regex header("Message-ID: (<[^>]+>)");
    for (const auto& mail : mails) {
        std::smatch match;
        if (std::regex_search(mail, match, header)) ids.push_back(match[1]);
    }
    return ids;
}

TEST_F(delivery_test, a_kill_between_two_mails_sends_again_at_most_the_one_in_flight) {
    // A mail server that takes 300 ms over each message, so that the service is killed with a
    // batch half delivered: each delivered one must be on record already.
    smtp_options slow;
    slow.delay = 300ms;
    smtp_server smtp(dir_, slow);
    service_process service(delivery_config(smtp_keys(smtp.port())));
    auto free = times(service);
    ASSERT_GE(free.size(), 12u);
    // Booked while the server is down, they wait together and go out as one batch.
    for (int i = 0; i < 12; ++i)
        ASSERT_EQ(book(service, free[std::size_t(i)], "070-111 22 33").status, 201);
    smtp.start();
    ASSERT_GE(wait_for(4, [&] { return smtp.mails().size(); }), 4u);
    service.kill_hard();
    service.start();
    auto uids = [&] {
        std::set<std::string> seen;
        for (const auto& mail : smtp.mails()) seen.insert(read_invitation(mail).uid);
        return seen.size();
    };
    ASSERT_EQ(wait_for(12, uids), 12u);
    std::this_thread::sleep_for(1s);
    auto ids = message_ids(smtp.mails());
    std::set<std::string> distinct(ids.begin(), ids.end());
    EXPECT_EQ(distinct.size(), 12u);
    EXPECT_LE(ids.size(), 13u) << ids.size() - distinct.size() << " mails were sent twice";
    for (const auto& id : distinct) EXPECT_TRUE(id.ends_with("@example.org>")) << id;
}

// The unit's mail server has a certificate from the municipality's own CA: trusted through
// ca_file, not through the system's bundle; samtal says the configured name in EHLO.
TEST_F(delivery_test, smtp_trusts_the_configured_ca_and_says_the_configured_ehlo_name) {
    auto certificate = dir_.path() / "smtp.pem", key = dir_.path() / "smtp.key";
    make_certificate(certificate, key, "mail.kommun.example");
    ASSERT_FALSE(HasFatalFailure());
    smtp_options with_tls;
    with_tls.tls_certificate = certificate;
    with_tls.tls_key = key;
    smtp_server smtp(dir_, with_tls);
    smtp.start();
    auto keys = [&](const std::string& more) {
        return "  delivery = \"smtp\"\n  [units.invitations.smtp]\n  url = \"smtp://127.0.0.1:" +
               std::to_string(smtp.port()) + "\"\n  timeout_ms = 2000\n" + more;
    };
    auto problems = [](service_process& service) {
        auto answer = http_request(service.port(), "GET", "/api/v1/staff/deliveries", "",
                                   {{"Authorization", std::string("Bearer ") + k_staff_token}});
        return json::parse(answer.body).at("problems").as_array();
    };
    {
        // The system's bundle does not know the CA: the invitation is a problem for staff.
        service_process untrusting(delivery_config(keys("")));
        ASSERT_EQ(book(untrusting, times(untrusting).at(0), "070-111 22 33").status, 201);
        auto dead = [&] {
            auto listed = problems(untrusting);
            return std::size_t(std::count_if(listed.begin(), listed.end(), [](const auto& p) {
                return p.at("status") == "dead";
            }));
        };
        ASSERT_EQ(wait_for(1, dead), 1u) << json::serialize(problems(untrusting));
        auto problem = problems(untrusting).at(0);
        EXPECT_NE(std::string(problem.at("last_error").as_string()).find("certificate"),
                  std::string::npos)
            << json::serialize(problem);
        EXPECT_TRUE(smtp.mails().empty());
    }
    service_process trusting(
        delivery_config(keys("  ca_file = \"" + certificate.string() +
                             "\"\n  ehlo_name = \"samtal.kommun.example\"\n")));
    ASSERT_EQ(book(trusting, times(trusting).at(0), "070-111 22 33").status, 201);
    ASSERT_EQ(wait_for(1, [&] { return smtp.mails().size(); }), 1u);
    auto mail = smtp.mails().at(0);
    EXPECT_TRUE(mail.starts_with("X-Ehlo: samtal.kommun.example")) << mail.substr(0, 80);
    EXPECT_EQ(read_invitation(mail).calendar_method, "REQUEST");
    EXPECT_TRUE(problems(trusting).empty());
}

}  // namespace
}  // namespace samtal::testing
