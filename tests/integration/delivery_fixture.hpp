// What the delivery tests share: a unit whose advisor Erik works around the clock, a quick
// outbox, an operator token, and a CalDAV server (Radicale) with a calendar per advisor.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "integration/fixture.hpp"
#include "integration/mail_fixture.hpp"
#include "support/external_process.hpp"

namespace samtal::testing {

// sha256("operator-token")
inline constexpr const char* k_staff_token = "operator-token";

// The test unit with Erik working around the clock every day (room for many bookings), a
// quick outbox, an operator token, the given invitation settings and, unless told otherwise,
// outgoing calls allowed to the test's own servers on loopback.
inline std::string delivery_config(const std::string& invitation_keys,
                                   const std::string& advisor_keys = "",
                                   const std::string& unit_keys = "",
                                   const std::string& outgoing_keys = allow_loopback_outgoing()) {
    auto text =
        "[outbox]\npoll_interval_ms = 100\nfirst_retry_ms = 100\nlongest_retry_ms = 400\n\n"
        "[[staff_tokens]]\nname = \"ops\"\nrole = \"operator\"\nsha256 = \"" +
        hex_sha256(k_staff_token) + "\"\n\n" + outgoing_keys +
        service_config_text("", unit_keys, invitation_keys);
    auto every_day =
        "hours = { mon = [\"00:00-24:00\"], tue = [\"00:00-24:00\"], wed = [\"00:00-24:00\"], "
        "thu = [\"00:00-24:00\"], fri = [\"00:00-24:00\"], sat = [\"00:00-24:00\"], sun = "
        "[\"00:00-24:00\"] }" +
        advisor_keys;
    auto at = text.find("hours = { mon = [\"09:00-11:00\"], tue = [\"09:00-11:00\"] }");
    text.replace(at,
                 std::string("hours = { mon = [\"09:00-11:00\"], tue = [\"09:00-11:00\"] }").size(),
                 every_day);
    text.replace(text.find("  absences = [{ from = 2026-12-21, to = 2026-12-22 }]\n"),
                 std::string("  absences = [{ from = 2026-12-21, to = 2026-12-22 }]\n").size(), "");
    return text;
}

class delivery_test : public ::testing::Test {
protected:
    temp_dir dir_;

    static http_answer book(service_process& service, const std::string& start,
                            const std::string& phone) {
        boost::json::object body{
            {"unit", "test-unit"}, {"start", start}, {"channel", "phone"}, {"phone", phone}};
        return http_request(service.port(), "POST", "/api/v1/bookings",
                            boost::json::serialize(body), {{"Content-Type", "application/json"}});
    }
    static std::vector<std::string> times(service_process& service) {
        auto answer =
            http_request(service.port(), "GET",
                         "/api/v1/availability?unit=test-unit&to=" + fortnight_from_now());
        std::vector<std::string> out;
        auto parsed = boost::json::parse(answer.body);
        for (const auto& time : parsed.at("times").as_array())
            out.emplace_back(time.at("start").as_string());
        return out;
    }
    static std::string code_of(const http_answer& answer) {
        return std::string(boost::json::parse(answer.body).at("code").as_string());
    }
};

// Radicale with a calendar collection per advisor.
class caldav_server {
public:
    explicit caldav_server(const temp_dir& dir)
        : process_({"/usr/bin/python3", "-m", "radicale", "--server-hosts",
                    "127.0.0.1:" + std::to_string(port_), "--storage-filesystem-folder",
                    (dir.path() / "radicale").string(), "--auth-type", "none", "--rights-type",
                    "authenticated"},
                   port_, (dir.path() / "radicale.log").string()) {}
    void start() {
        process_.start();
        for (const char* advisor : {"amina", "erik"}) {
            request("MKCOL", std::string("/") + advisor + "/");
            request("MKCALENDAR", std::string("/") + advisor + "/calendar/");
        }
    }
    http_answer request(const std::string& method, const std::string& path) {
        if (method == "PROPFIND") return http_request(port_, method, path, "", {{"Depth", "1"}});
        return http_request(port_, method, path);
    }
    std::string calendar_url(const std::string& advisor) const {
        return "http://127.0.0.1:" + std::to_string(port_) + "/" + advisor + "/calendar/";
    }
    unsigned short port() const { return port_; }

private:
    unsigned short port_ = free_port();
    external_process process_;
};

inline std::string caldav_advisor_keys(const std::string& calendar_url) {
    return "\n  delivery = \"caldav\"\n  calendar_url = \"" + calendar_url + "\"";
}

inline http_answer book_hosted_zoom(service_process& service, const std::string& start) {
    return http_request(service.port(), "POST", "/api/v1/bookings",
                        boost::json::serialize(boost::json::object{{"unit", "test-unit"},
                                                                   {"start", start},
                                                                   {"channel", "video"},
                                                                   {"platform", "zoom"},
                                                                   {"hosting", "unit"}}),
                        {{"Content-Type", "application/json"}});
}

}  // namespace samtal::testing
