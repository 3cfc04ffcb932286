#include "service/config/unit_reader.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "adapters/meetings/registry.hpp"
#include "service/config/accounts_reader.hpp"
#include "service/config/value_readers.hpp"
#include "service/core/advisor_roster.hpp"
#include "service/core/languages.hpp"
#include "service/core/validation.hpp"

namespace samtal {
namespace {

constexpr std::array<std::string_view, 7> k_weekdays{"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};
constexpr std::array<std::string_view, 2> k_channels{"phone", "video"};

local_minutes absence_bound(const table_reader& reader, std::string_view key, bool is_end) {
    const auto* node = reader.raw().get(key);
    if (!node)
        reader.fail(
            key, "missing (expected a date like 2026-12-24 or a local time like 2026-12-24T13:00)");
    if (auto date = node->value<toml::date>()) {
        date::year_month_day ymd{date::year{date->year}, date::month{date->month},
                                 date::day{date->day}};
        auto day = local_minutes{date::local_days{ymd}.time_since_epoch()};
        // A whole-day absence ends at the midnight after its last day.
        return is_end ? day + date::days{1} : day;
    }
    if (auto when = node->value<toml::date_time>()) {
        if (when->offset)
            reader.fail(key, "expected a local time without an offset (the unit's wall time)");
        date::year_month_day ymd{date::year{when->date.year}, date::month{when->date.month},
                                 date::day{when->date.day}};
        return local_minutes{date::local_days{ymd}.time_since_epoch()} +
               std::chrono::hours{when->time.hour} + std::chrono::minutes{when->time.minute};
    }
    reader.fail(key, "expected a date like 2026-12-24 or a local time like 2026-12-24T13:00");
}

advisor_config read_advisor(const table_reader& reader, const unit_config& unit) {
    reader.refuse_unknown_keys({"id", "name", "site", "email", "languages", "hours", "absences",
                                "delivery", "calendar_url", "phone"});
    advisor_config advisor;
    advisor.id = identifier(reader, "id");
    advisor.name = reader.string("name");
    advisor.site = reader.string("site");
    if (std::none_of(unit.sites.begin(), unit.sites.end(),
                     [&](const auto& s) { return s.id == advisor.site; }))
        reader.fail("site", "\"" + advisor.site + "\" is not one of this unit's sites");
    advisor.email = email(reader, "email");
    advisor.delivery = reader.has("delivery") ? delivery_kind(reader, "delivery", "") : "";
    if (reader.has("calendar_url"))
        advisor.calendar_url = web_address(reader, "calendar_url", {"http", "https"});
    if (reader.has("phone")) advisor.phone = phone_number(reader, "phone");
    advisor.languages = catalogue_languages(reader, "languages");
    if (advisor.languages.empty()) reader.fail("languages", "expected at least one language code");

    auto hours = reader.table("hours");
    hours.refuse_unknown_keys({"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    for (std::size_t day = 0; day < k_weekdays.size(); ++day) {
        for (const auto& text : hours.strings(k_weekdays[day])) {
            auto dash = text.find('-');
            auto start = parse_minutes_of_day(text.substr(0, dash));
            auto end = dash == std::string::npos ? std::nullopt
                                                 : parse_minutes_of_day(text.substr(dash + 1));
            if (!start || !end || !(*start < *end) || start->value >= 24 * 60)
                hours.fail(k_weekdays[day],
                           "\"" + text + "\" is not a period like \"09:00-12:00\"");
            auto& periods = advisor.hours[day];
            for (const auto& other : periods)
                if (start->value < other.end.value && other.start.value < end->value)
                    hours.fail(k_weekdays[day],
                               "\"" + text + "\" overlaps another period that day");
            periods.push_back({*start, *end});
        }
        std::sort(advisor.hours[day].begin(), advisor.hours[day].end(),
                  [](const auto& a, const auto& b) { return a.start < b.start; });
    }

    for (const auto& entry : reader.tables("absences")) {
        entry.refuse_unknown_keys({"from", "to"});
        auto from = absence_bound(entry, "from", false);
        auto until = absence_bound(entry, "to", true);
        if (until <= from) entry.fail("to", "must come after \"from\"");
        advisor.absences.push_back({from, until, 0});
    }
    return advisor;
}

}  // namespace

unit_config read_unit(const table_reader& reader) {
    reader.refuse_unknown_keys({"id",
                                "name",
                                "time_zone",
                                "conversation_minutes",
                                "buffer_minutes",
                                "minimum_notice_hours",
                                "horizon_days",
                                "evening_from",
                                "channels",
                                "platforms",
                                "languages",
                                "topics",
                                "sites",
                                "advisors",
                                "invitations",
                                "hosted_meetings",
                                "interpreters",
                                "telephony",
                                "welcome",
                                "accessibility"});
    unit_config unit;
    unit.id = identifier(reader, "id");
    unit.name = reader.string("name");
    unit.time_zone = reader.string("time_zone", "Europe/Stockholm");
    if (!find_time_zone(unit.time_zone))
        reader.fail("time_zone",
                    "\"" + unit.time_zone + "\" is not a time zone in the tz database");
    // Conversations start on a five-minute grid so that the database can claim time in
    // five-minute blocks (see store/booking_store.cpp).
    unit.conversation_minutes = int(reader.integer("conversation_minutes", 45, 5, 240));
    unit.buffer_minutes = int(reader.integer("buffer_minutes", 15, 0, 120));
    if (unit.conversation_minutes % 5)
        reader.fail("conversation_minutes", "expected a multiple of 5");
    if (unit.buffer_minutes % 5) reader.fail("buffer_minutes", "expected a multiple of 5");
    unit.minimum_notice_hours = int(reader.integer("minimum_notice_hours", 4, 0, 24 * 14));
    unit.horizon_days = int(reader.integer("horizon_days", 28, 1, 730));
    auto evening = reader.string("evening_from", "17:00");
    auto evening_from = parse_minutes_of_day(evening);
    if (!evening_from) reader.fail("evening_from", "expected a time like \"17:00\"");
    unit.evening_from = *evening_from;

    unit.channels = reader.strings("channels");
    if (unit.channels.empty()) unit.channels = {"phone", "video"};
    for (const auto& channel : unit.channels)
        if (std::find(k_channels.begin(), k_channels.end(), channel) == k_channels.end())
            reader.fail("channels", "\"" + channel + "\" is not a channel (expected phone, video)");
    unit.platforms = reader.strings("platforms");
    for (const auto& platform : unit.platforms)
        if (!find_meeting_platform(platform))
            reader.fail("platforms", "\"" + platform + "\" is not a platform (expected " +
                                         listed(meeting_platform_kinds().names(), ", ") + ")");
    if (unit.offers_channel("video") && unit.platforms.empty())
        reader.fail("platforms", "a unit offering video must name at least one platform");
    // Without a list the unit offers the whole catalogue (an interpreter can be booked in any
    // of its languages); advisors' own languages are added below either way.
    if (reader.has("languages")) {
        unit.languages = catalogue_languages(reader, "languages");
    } else {
        for (const auto& entry : language_catalogue()) unit.languages.emplace_back(entry.code);
    }
    unit.topics = reader.strings("topics");
    for (const auto& topic : unit.topics)
        if (!is_identifier(topic))
            reader.fail("topics", "\"" + topic + "\" is not a topic identifier");

    auto welcome = reader.table("welcome");
    for (auto&& [language, text] : welcome.raw()) {
        auto code = std::string(language.str());
        if (!is_identifier(code) || code.size() > 8)
            welcome.fail(code, "is not a language code like \"ar\" or \"prs\"");
        unit.welcome.emplace(code, welcome.string(code));
    }

    for (const auto& entry : reader.tables("sites")) {
        entry.refuse_unknown_keys({"id", "name"});
        site_config site{identifier(entry, "id"), entry.string("name")};
        for (const auto& other : unit.sites)
            if (other.id == site.id)
                entry.fail("id", "\"" + site.id + "\" is used by another site");
        unit.sites.push_back(site);
    }
    if (unit.sites.empty()) reader.fail("sites", "expected at least one [[units.sites]]");

    for (const auto& entry : reader.tables("advisors")) {
        auto advisor = read_advisor(entry, unit);
        if (find_advisor(unit.advisors_from_file, advisor.id))
            entry.fail("id", "\"" + advisor.id + "\" is used by another advisor");
        for (const auto& language : advisor.languages)
            if (!unit.offers_language(language)) unit.languages.push_back(language);
        unit.advisors_from_file.push_back(std::move(advisor));
    }
    if (unit.advisors_from_file.empty())
        reader.fail("advisors", "expected at least one [[units.advisors]]");

    auto invitations = reader.table("invitations");
    unit.invitations = read_invitations(invitations, unit.name);
    if (unit.invitations.organizer_email.empty())
        invitations.fail("organizer_email",
                         "missing (expected the unit's mailbox, the invitations' organizer)");
    auto accessibility = reader.table("accessibility");
    accessibility.refuse_unknown_keys({"email", "phone"});
    unit.accessibility.email = accessibility.has("email") ? email(accessibility, "email")
                                                          : unit.invitations.organizer_email;
    if (accessibility.has("phone")) unit.accessibility.phone = phone_number(accessibility, "phone");
    for (const auto& entry : reader.tables("hosted_meetings")) {
        auto hosted = read_hosted_meetings(entry);
        if (!unit.offers_platform(hosted.platform))
            entry.fail("platform", "\"" + hosted.platform + "\" is not among the unit's platforms");
        if (unit.hosted_meetings_on(hosted.platform))
            entry.fail("platform", "\"" + hosted.platform + "\" has another account already");
        unit.hosted_meetings.push_back(std::move(hosted));
    }
    if (reader.has("interpreters"))
        unit.interpreters = read_interpreters(reader.table("interpreters"), unit.invitations);
    if (reader.has("telephony")) {
        unit.telephony = read_telephony(reader.table("telephony"));
        if (!unit.offers_channel("phone"))
            reader.fail("telephony", "the unit offers no phone conversations to bridge");
    }
    auto advisors = reader.tables("advisors");
    for (std::size_t i = 0; i < unit.advisors_from_file.size(); ++i) {
        const auto& advisor = unit.advisors_from_file[i];
        auto kind = advisor.delivery.empty() ? unit.invitations.delivery : advisor.delivery;
        if (kind == "caldav" && advisor.calendar_url.empty())
            advisors[i].fail("calendar_url",
                             "missing (caldav delivery puts invitations into this collection)");
        if (kind == "smtp" && unit.invitations.smtp.url.empty())
            invitations.fail("smtp", "smtp delivery needs [units.invitations.smtp] with a url");
    }
    return unit;
}

}  // namespace samtal
