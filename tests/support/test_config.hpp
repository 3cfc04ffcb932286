// A small, fixed unit for tests: two advisors with known hours in Europe/Stockholm.
#pragma once

#include <string>

#include "service/config/config.hpp"

namespace samtal::testing {

// Amina (sv, so) works Mon-Fri 09:00-12:00 and Wed 17:00-20:00; Erik (sv, en) Mon, Tue
// 09:00-11:00. Conversations are 45 minutes with a 15-minute buffer, notice 2 hours, horizon
// 400 days (so fixed dates in tests stay bookable).
inline std::string test_config_text(const std::string& extra_unit_keys = "",
                                    const std::string& invitation_keys = "") {
    return R"(
[storage]
data_dir = "var"

[[units]]
id = "test-unit"
name = "Test unit"
time_zone = "Europe/Stockholm"
conversation_minutes = 45
buffer_minutes = 15
minimum_notice_hours = 2
horizon_days = 400
evening_from = "17:00"
channels = ["phone", "video"]
platforms = ["zoom", "teams", "facetime", "skype"]
languages = ["sv", "en", "so", "ar"]
topics = ["sleep", "school"]
)" + extra_unit_keys +
           R"(
  [[units.sites]]
  id = "rinkeby"
  name = "Rinkeby"

  [[units.advisors]]
  id = "amina"
  name = "Amina"
  site = "rinkeby"
  email = "amina@example.org"
  languages = ["sv", "so"]
  hours = { mon = ["09:00-12:00"], tue = ["09:00-12:00"], wed = ["09:00-12:00", "17:00-20:00"], thu = ["09:00-12:00"], fri = ["09:00-12:00"], sun = ["01:00-04:00"] }

  [[units.advisors]]
  id = "erik"
  name = "Erik"
  site = "rinkeby"
  email = "erik@example.org"
  languages = ["sv", "en"]
  hours = { mon = ["09:00-11:00"], tue = ["09:00-11:00"] }
  absences = [{ from = 2026-12-21, to = 2026-12-22 }]

  [units.invitations]
  organizer_email = "unit@example.org"
)" + invitation_keys;
}

// Outgoing calls reach only public addresses; tests that deliver to their own servers on
// loopback (aiosmtpd, Radicale, failing_proxy) allow that host by name, as an operator would
// allow an on-premises server.
inline std::string allow_loopback_outgoing() {
    return "[outgoing]\nallow_private_hosts = [\"127.0.0.1\"]\n\n";
}

inline config test_config() { return parse_config(test_config_text(), "test.toml"); }

}  // namespace samtal::testing
