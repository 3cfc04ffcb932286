// Hardening promises of issue #6 against the real binary, with the routes taken from the
// router's own table so that a route added later is covered without touching this file:
// staff routes refuse without the right token, state changes happen only by their own method,
// markup and line breaks in any field come back harmless, and oversized requests are refused.
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <thread>

#include "integration/fixture.hpp"
#include "service/app/application.hpp"

namespace samtal::testing {
namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;

const std::map<std::string, std::string> k_tokens{
    {"advisor", "advisor-token"}, {"manager", "manager-token"}, {"operator", "operator-token"}};

std::string hardening_config() {
    std::string tokens;
    for (const auto& [role, token] : k_tokens)
        tokens += "[[staff_tokens]]\nname = \"" + role + "\"\nrole = \"" + role +
                  "\"\nunit = \"test-unit\"\n" +
                  (role == "advisor" ? "advisor = \"amina\"\n" : "") + "sha256 = \"" +
                  hex_sha256(token) + "\"\n\n";
    return tokens + service_config_text();
}

// A valid booking of a video call with every field the API takes as text.
boost::json::object video_booking(const std::string& start) {
    return {{"unit", "test-unit"},    {"start", start},
            {"channel", "video"},     {"platform", "zoom"},
            {"hosting", "parent"},    {"join_link", "https://zoom.us/j/12345678901"},
            {"language", "sv"},       {"topic", "sleep"},
            {"parent_role", "mother"}};
}

// The routes of an application built from the same configuration as the binary under test.
std::vector<route> routes_of(const std::string& config_text) {
    temp_dir dir;
    auto settings = parse_config(config_text, "test.toml");
    settings.data_dir = dir.path();
    application app(settings);
    return app.routes().routes();
}

class hardening : public service_test {
protected:
    hardening() : service_test(hardening_config()), routes_(routes_of(hardening_config())) {}

    std::string book(const std::string& start) {
        auto booked = post_json("/api/v1/bookings", phone_booking(start));
        EXPECT_EQ(booked.status, 201) << booked.body;
        return std::string(boost::json::parse(booked.body).at("code").as_string());
    }

    std::vector<std::string> spooled_invitations() {
        std::vector<std::string> texts;
        auto spool = service_.data_dir() / "spool";
        if (!std::filesystem::exists(spool)) return texts;
        for (const auto& entry : std::filesystem::directory_iterator(spool)) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            texts.push_back(text.str());
        }
        return texts;
    }

    // Calls `visit` with the path of each GET route, named in any failure inside it.
    void for_each_get_route(const std::function<void(const std::string& path)>& visit) const {
        for (const auto& entry : routes_) {
            if (entry.method != http::verb::get) continue;
            SCOPED_TRACE("GET " + entry.path);
            visit(entry.path);
        }
    }

    std::vector<route> routes_;
};

// ----- staff routes -----

// Which role gets past which staff route is staff_roles_test's; here, every shape of a missing
// or wrong token meets 401 on every staff route of the real server.
TEST_F(hardening, every_staff_route_refuses_a_missing_or_unknown_token) {
    int staff_routes = 0;
    for (const auto& entry : routes_) {
        if (!entry.path.starts_with("/api/v1/staff/")) continue;
        ++staff_routes;
        auto name = std::string(http::to_string(entry.method)) + " " + entry.path;
        SCOPED_TRACE(name);
        auto call = [&](std::map<std::string, std::string> headers) {
            bool with_body = entry.method == http::verb::post || entry.method == http::verb::put;
            if (with_body) headers["Content-Type"] = "application/json";
            return http_request(service_.port(), std::string(http::to_string(entry.method)),
                                entry.path, with_body ? "{}" : "", headers);
        };
        for (const auto& headers : std::vector<std::map<std::string, std::string>>{
                 {},
                 {{"Authorization", "Bearer not-a-token"}},
                 {{"Authorization", "Bearer "}},
                 {{"Authorization", "Basic b3BlcmF0b3ItdG9rZW4="}},
                 {{"Authorization", "operator-token"}},
                 // A staff token as a query parameter is not a token.
             }) {
            auto answer = call(headers);
            EXPECT_EQ(answer.status, 401) << answer.body;
            EXPECT_EQ(answer.header("content-type"), "application/problem+json");
        }
    }
    EXPECT_GT(staff_routes, 0);
}

// ----- state changes only by their own method -----

TEST_F(hardening, other_methods_on_a_state_changing_route_change_nothing) {
    auto times = free_times();
    ASSERT_GE(times.size(), 2u);
    auto code = book(times[0]);
    auto before = free_times();
    // Everything a state change could want, in every place a request can carry it.
    auto form = "code=" + form_encoded(code) + "&confirm=yes&choose=yes&unit=test-unit" +
                "&channel=phone&phone=070-1234567&start=" + form_encoded(times[1]);
    auto query = "?" + form;

    std::set<std::pair<http::verb, std::string>> routed;
    for (const auto& entry : routes_) routed.insert({entry.method, entry.path});
    int tried = 0;
    for (const auto& entry : routes_) {
        if (entry.method == http::verb::get) continue;
        for (auto method : {http::verb::get, http::verb::post, http::verb::put, http::verb::patch,
                            http::verb::delete_}) {
            // A method the path really has is that route's business (GET /booking is a page).
            if (routed.contains({method, entry.path})) continue;
            auto name = std::string(http::to_string(method)) + " " + entry.path;
            SCOPED_TRACE(name);
            ++tried;
            auto answer = http_request(service_.port(), std::string(http::to_string(method)),
                                       entry.path + query, form,
                                       {{"Authorization", "Bearer " + code},
                                        {"Content-Type", "application/x-www-form-urlencoded"}});
            EXPECT_EQ(answer.status, 405);
            EXPECT_FALSE(answer.header("allow").empty());
        }
    }
    EXPECT_GT(tried, 10);

    auto after = get("/api/v1/bookings/self", {{"Authorization", "Bearer " + code}});
    ASSERT_EQ(after.status, 200);
    auto booking = boost::json::parse(after.body);
    EXPECT_EQ(booking.at("status").as_string(), "booked");
    EXPECT_EQ(booking.at("start").as_string(), times[0]);
    EXPECT_EQ(free_times(), before) << "a refused request booked or freed a time";
}

// ----- markup in every text field -----

const std::vector<std::string> k_markup{
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
};

// Raw markup of the attack, which only an unescaped value could put into the page (the page's
// own <script src="/static/steps.js"> is not the attack's).
void expect_no_live_markup(const std::string& body) {
    for (const char* live : {"<script>alert", "<img src=x", "<svg onload", "</textarea>"})
        EXPECT_EQ(body.find(live), std::string::npos) << "found " << live << " in\n" << body;
}

TEST_F(hardening, markup_in_any_field_is_shown_escaped_on_every_page) {
    auto times = free_times();
    ASSERT_GE(times.size(), 1u);
    auto code = book(times[0]);
    // Every field of every form; the web pages' text fields, hidden fields and choices.
    const std::vector<std::string> booking_fields{
        "unit",  "start",    "channel",     "platform", "hosting",     "join_link",
        "phone", "language", "interpreter", "topic",    "parent_role", "lang"};
    const std::vector<std::string> code_fields{"code", "lang", "start", "confirm", "choose"};
    std::map<std::string, std::string> valid{
        {"unit", "test-unit"},    {"start", times[0]},
        {"channel", "video"},     {"platform", "zoom"},
        {"hosting", "parent"},    {"join_link", "https://zoom.us/j/12345678901"},
        {"phone", "070-1234567"}, {"language", "sv"},
        {"lang", "sv"},           {"code", code}};
    auto form_with = [&](const std::vector<std::string>& fields, const std::string& field,
                         const std::string& value) {
        std::string body;
        for (const auto& name : fields) {
            auto found = valid.find(name);
            auto text = name == field ? value : found == valid.end() ? "" : found->second;
            body += (body.empty() ? "" : "&") + name + "=" + form_encoded(text);
        }
        return body;
    };
    int pages = 0;
    for (const auto& markup : k_markup) {
        SCOPED_TRACE(markup);
        for (const auto& target :
             {"/?lang=" + form_encoded(markup) + "&unit=test-unit",
              "/?unit=" + form_encoded(markup), "/booking?lang=" + form_encoded(markup),
              "/privacy?lang=" + form_encoded(markup)}) {
            SCOPED_TRACE(target);
            expect_no_live_markup(get(target).body);
            ++pages;
        }
        for (const auto& field : booking_fields) {
            SCOPED_TRACE("/book " + field);
            expect_no_live_markup(
                post_form("/book", form_with(booking_fields, field, markup)).body);
            ++pages;
        }
        for (const auto* target :
             {"/booking", "/booking/cancel", "/booking/move", "/booking/calendar.ics"})
            for (const auto& field : code_fields) {
                SCOPED_TRACE(std::string(target) + " " + field);
                auto answer = post_form(target, form_with(code_fields, field, markup));
                expect_no_live_markup(answer.body);
                ++pages;
            }
    }
    EXPECT_GT(pages, 100);
    // Typed text does come back (escaped) where the page keeps it, so the check above saw it.
    auto kept = post_form("/booking", "code=" + form_encoded(k_markup[0]));
    EXPECT_NE(kept.body.find("&lt;script&gt;"), std::string::npos) << kept.body;
}

TEST_F(hardening, markup_never_reaches_an_invitation) {
    auto times = free_times();
    ASSERT_GE(times.size(), 1u);
    auto video = video_booking(times[0]);
    // What an invitation carries of the parent's input: the contact data and the choices.
    for (const auto& markup : k_markup) {
        SCOPED_TRACE(markup);
        EXPECT_EQ(post_json("/api/v1/bookings", phone_booking(times[0], "070 123 45 67 " + markup))
                      .status,
                  422);
        for (const auto& [field, value] : video) {
            SCOPED_TRACE(std::string(field));
            for (const auto& text : {markup, std::string(value.as_string()) + markup,
                                     std::string(value.as_string()) + "?x=" + markup}) {
                auto body = video;
                body[field] = text;
                EXPECT_EQ(post_json("/api/v1/bookings", body).status, 422) << text;
            }
        }
    }
    // One booking that is made: its invitation arrives, and nothing above left a trace in it.
    book(times[0]);
    for (int i = 0; i < 100 && spooled_invitations().empty(); ++i)
        std::this_thread::sleep_for(50ms);
    auto invitations = spooled_invitations();
    ASSERT_EQ(invitations.size(), 1u);
    expect_no_live_markup(invitations[0]);
    EXPECT_EQ(invitations[0].find("alert(1)"), std::string::npos);
}

// ----- line breaks where a header, an iCalendar line or a mail header could be forged -----

const std::vector<std::string> k_line_breaks{
    "\r\nX-Injected: yes", "\nX-Injected: yes", "\rX-Injected: yes",
    "\r\nATTENDEE:mailto:intruder@example.org", "%0d%0aX-Injected: yes"};

void expect_nothing_injected(const http_answer& answer) {
    EXPECT_TRUE(answer.header("x-injected").empty());
    for (const auto& [name, value] : answer.headers) {
        SCOPED_TRACE(name);
        EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos);
        EXPECT_EQ(value.find("X-Injected"), std::string::npos);
    }
    EXPECT_EQ(answer.body.find("ATTENDEE:mailto:intruder"), std::string::npos);
}

TEST_F(hardening, line_breaks_in_any_field_forge_no_header_or_calendar_line) {
    auto times = free_times();
    ASSERT_GE(times.size(), 1u);
    auto video = video_booking(times[0]);
    for (const auto& line_break : k_line_breaks) {
        SCOPED_TRACE(line_break);
        // Every field of a booking, each in a booking that is otherwise valid.
        for (const auto& [field, value] : video) {
            SCOPED_TRACE(std::string(field));
            auto body = video;
            body[field] = std::string(value.as_string()) + line_break;
            auto answer = post_json("/api/v1/bookings", body);
            EXPECT_EQ(answer.status, 422) << answer.body;
            expect_nothing_injected(answer);
        }
        auto phone = phone_booking(times[0], "070-123 45 67" + line_break);
        EXPECT_EQ(post_json("/api/v1/bookings", phone).status, 422);
        // Query and form values that choose the language of the answer (Content-Language).
        expect_nothing_injected(get("/?lang=sv" + form_encoded(line_break)));
        expect_nothing_injected(get("/api/v1/units?lang=sv" + form_encoded(line_break)));
        expect_nothing_injected(
            post_form("/booking", "lang=sv" + form_encoded(line_break) + "&code=x"));
        expect_nothing_injected(
            post_form("/booking/calendar.ics", "lang=sv" + form_encoded(line_break) + "&code=x"));
    }
    // The API's `locale` only picks a language; the one booking made here carries a forged one.
    auto with_locale = video;
    with_locale["locale"] = "sv\r\nX-Injected: yes";
    auto booked = post_json("/api/v1/bookings", with_locale);
    ASSERT_EQ(booked.status, 201) << booked.body;
    expect_nothing_injected(booked);
    std::string code(boost::json::parse(booked.body).at("code").as_string());
    auto calendar = get("/api/v1/bookings/self/calendar.ics?lang=sv%0d%0aX-Injected:%20yes",
                        {{"Authorization", "Bearer " + code}});
    ASSERT_EQ(calendar.status, 200);
    expect_nothing_injected(calendar);
    for (int i = 0; i < 100 && spooled_invitations().empty(); ++i)
        std::this_thread::sleep_for(50ms);
    auto invitations = spooled_invitations();
    ASSERT_EQ(invitations.size(), 1u);
    EXPECT_EQ(invitations[0].find("X-Injected"), std::string::npos);
    EXPECT_EQ(invitations[0].find("intruder@example.org"), std::string::npos);
}

// ----- oversized requests (server_limits_test covers one oversized header and one body) -----

TEST_F(hardening, every_route_refuses_a_body_over_its_limit_declared_or_chunked) {
    int checked = 0;
    for (const auto& entry : routes_) {
        if (entry.method == http::verb::get || entry.method == http::verb::head) continue;
        auto method = std::string(http::to_string(entry.method));
        SCOPED_TRACE(method + " " + entry.path);
        ++checked;
        auto declared = raw_exchange(
            service_.port(), method + " " + entry.path +
                                 " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                 "Content-Length: " +
                                 std::to_string(entry.body_limit + 1) + "\r\n\r\n{");
        EXPECT_TRUE(declared.starts_with("HTTP/1.1 413")) << declared.substr(0, 80);
        // No length up front: the limit holds while the chunks arrive.
        std::string chunk(4096, 'a');
        std::string chunked = method + " " + entry.path +
                              " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t sent = 0; sent <= entry.body_limit; sent += chunk.size())
            chunked += "1000\r\n" + chunk + "\r\n";
        chunked += "0\r\n\r\n";
        auto answer = raw_exchange(service_.port(), chunked);
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 80);
    }
    EXPECT_GT(checked, 3);
}

TEST_F(hardening, an_oversized_target_or_a_flood_of_header_fields_is_refused) {
    auto long_target = raw_exchange(
        service_.port(), "GET /?lang=" + std::string(20000, 's') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(long_target.starts_with("HTTP/1.1 431")) << long_target.substr(0, 80);
    std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 2000; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
    auto flood = raw_exchange(service_.port(), many + "\r\n");
    EXPECT_TRUE(flood.starts_with("HTTP/1.1 431")) << flood.substr(0, 80);
    // The service is still there for the next client.
    EXPECT_EQ(get("/healthz").status, 200);
}

// ----- no cookies, and HEAD without a body -----

TEST_F(hardening, no_answer_on_any_route_sets_a_cookie) {
    auto times = free_times();
    ASSERT_GE(times.size(), 3u);
    auto code = book(times[0]);
    // Each route called as its users call it: with a real code, a staff token, a signed form
    // with every field the forms have, so that the pages past the first are reached too.
    auto fields = "unit=test-unit&channel=phone&phone=070-1234567&start=" + form_encoded(times[1]) +
                  "&code=" + form_encoded(code) + "&confirm=yes";
    auto body = phone_booking(times[2]);
    auto authorization = [&](const std::string& path) {
        return std::map<std::string, std::string>{
            {"Authorization",
             "Bearer " + (path.starts_with("/api/v1/staff/") ? k_tokens.at("operator") : code)}};
    };
    int checked = 0;
    auto expect_no_cookie = [&](const http_answer& answer) {
        ++checked;
        EXPECT_GT(answer.status, 0);
        EXPECT_EQ(answer.headers.count("set-cookie"), 0u) << answer.header("set-cookie");
    };
    for_each_get_route([&](const std::string& path) {
        auto headers = authorization(path);
        expect_no_cookie(get(path, headers));
        expect_no_cookie(get(path + "?unit=test-unit&lang=en", headers));
        expect_no_cookie(http_request(service_.port(), "HEAD", path, "", headers));
    });
    for (const auto& entry : routes_) {
        if (entry.method == http::verb::get) continue;
        // Signing in and out of the staff pages sets and clears their session cookie, by design
        // (staff_signin_test checks it); every route of the parent's side sets none.
        if (entry.path == "/staff/signin" || entry.path.starts_with("/staff/signout")) continue;
        auto method = std::string(http::to_string(entry.method));
        SCOPED_TRACE(method + " " + entry.path);
        if (entry.path.starts_with("/api/")) {
            auto headers = authorization(entry.path);
            headers["Content-Type"] = "application/json";
            expect_no_cookie(http_request(service_.port(), method, entry.path,
                                          boost::json::serialize(body), headers));
        } else {
            expect_no_cookie(post_form(entry.path, fields));
            expect_no_cookie(post_form(entry.path, "form_token=forged"));
        }
    }
    EXPECT_GT(checked, 2 * int(routes_.size()) - 1);
    // Refusals and errors come from other code than the routes: they set none either.
    for (const auto& answer : {get("/nowhere"), http_request(service_.port(), "PUT", "/book")})
        EXPECT_EQ(answer.headers.count("set-cookie"), 0u);
}

// One HEAD request and a GET behind it on the same connection. The answer to the HEAD is its
// header only: whatever follows its blank line must be the answer to the GET.
struct head_exchange {
    int status = 0;
    std::string header;        // the HEAD answer's status line and fields
    std::string after_header;  // everything that came after them
};

head_exchange head_then_get(unsigned short port, const std::string& target) {
    auto raw =
        raw_exchange(port, "HEAD " + target +
                               " HTTP/1.1\r\nHost: x\r\n\r\n"
                               "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    head_exchange out;
    auto end = raw.find("\r\n\r\n");
    if (!raw.starts_with("HTTP/1.1 ") || end == std::string::npos) return out;
    out.status = std::stoi(raw.substr(9, 3));
    out.header = raw.substr(0, end);
    out.after_header = raw.substr(end + 4);
    return out;
}

std::string field_of(const std::string& header, const std::string& name) {
    std::smatch match;
    if (!std::regex_search(header, match,
                           std::regex("\r\n" + name + ": ([^\r]*)", std::regex::icase)))
        return "";
    return match[1];
}

TEST_F(hardening, head_answers_like_get_without_a_body_on_every_route) {
    auto expect_no_body = [](const head_exchange& head) {
        EXPECT_TRUE(head.after_header.starts_with("HTTP/1.1 200"))
            << "the HEAD answer has a body:\n"
            << head.after_header.substr(0, 200);
    };
    std::set<std::string> get_paths;
    for_each_get_route([&](const std::string& path) {
        get_paths.insert(path);
        auto target = path + "?unit=test-unit";
        auto before = get(target);
        auto head = head_then_get(service_.port(), target);
        expect_no_body(head);
        auto after = get(target);
        EXPECT_EQ(head.status, before.status);
        EXPECT_EQ(field_of(head.header, "Content-Type"), before.header("content-type"));
        // Where the body is the same length in the GETs before and after the HEAD (/metrics
        // grows with this very test), the HEAD announces that length.
        if (before.body.size() == after.body.size()) {
            EXPECT_EQ(field_of(head.header, "Content-Length"), std::to_string(before.body.size()));
        }
    });
    // A path without GET: refused, and the refusal has no body either.
    for (const auto& entry : routes_) {
        if (get_paths.contains(entry.path)) continue;
        SCOPED_TRACE(std::string(http::to_string(entry.method)) + " " + entry.path);
        auto head = head_then_get(service_.port(), entry.path + "?unit=test-unit");
        expect_no_body(head);
        EXPECT_EQ(head.status, 405);
        EXPECT_FALSE(field_of(head.header, "Allow").empty());
    }
    auto unknown = head_then_get(service_.port(), "/nowhere");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_TRUE(unknown.after_header.starts_with("HTTP/1.1 200")) << unknown.after_header;
}

}  // namespace
}  // namespace samtal::testing
