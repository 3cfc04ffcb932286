// Every platform's link shapes: what a parent may paste, its normal form, and every trap with
// the reason the parent is given.
#include <gtest/gtest.h>

#include "adapters/meetings/registry.hpp"
#include "service/core/validation.hpp"

namespace samtal {
namespace {

struct accepted {
    const char* platform;
    const char* link;
    const char* normal;
    const char* owner = "";  // the platform the booking records, when not `platform`
    bool personal_room = false;
};

struct refused {
    const char* platform;
    const char* link;
    const char* reason;
};

void expect_accepted(const std::vector<accepted>& cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.link);
        auto verdict = check_meeting_link(c.platform, c.link);
        ASSERT_TRUE(verdict.link) << verdict.refusal;
        EXPECT_EQ(*verdict.link, c.normal);
        EXPECT_EQ(verdict.platform, *c.owner ? c.owner : c.platform);
        EXPECT_EQ(verdict.personal_room, c.personal_room);
        // The normal form is a fixed point: checking it again changes nothing.
        EXPECT_EQ(check_meeting_link(c.platform, *verdict.link).link, verdict.link);
    }
}

void expect_refused(const std::vector<refused>& cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.link);
        auto verdict = check_meeting_link(c.platform, c.link);
        EXPECT_FALSE(verdict.link) << *verdict.link;
        EXPECT_EQ(verdict.refusal, c.reason);
    }
}

TEST(zoom_links, accepted_in_their_normal_form) {
    expect_accepted({
        {"zoom", "https://zoom.us/j/81234567890?pwd=aBc123.1",
         "https://zoom.us/j/81234567890?pwd=aBc123.1"},
        {"zoom", "https://zoom.us/j/81234567890", "https://zoom.us/j/81234567890"},
        {"zoom", "https://zoom.us/j/912345678", "https://zoom.us/j/912345678"},
        {"zoom", "https://us02web.zoom.us/j/81234567890?pwd=Zx9",
         "https://us02web.zoom.us/j/81234567890?pwd=Zx9"},
        {"zoom", "https://goteborg.zoom.us/j/6123456789", "https://goteborg.zoom.us/j/6123456789"},
        {"zoom", "https://ZOOM.US/j/81234567890", "https://zoom.us/j/81234567890"},
        {"zoom", "  https://zoom.us/j/81234567890\n", "https://zoom.us/j/81234567890"},
        {"zoom", "https://zoom.us./j/81234567890", "https://zoom.us/j/81234567890"},
        {"zoom", "https://zoom.us:443/j/81234567890", "https://zoom.us/j/81234567890"},
        {"zoom", "https://zoom.us/j/81234567890/", "https://zoom.us/j/81234567890"},
        {"zoom", "https://zoom.us/j/81234567890?pwd=abc&uname=Fatima%20A&utm_source=sms&from=addon",
         "https://zoom.us/j/81234567890?pwd=abc"},
        {"zoom", "https://us05web.zoom.us/wc/join/81234567890?pwd=abc",
         "https://us05web.zoom.us/j/81234567890?pwd=abc"},
        {"zoom", "https://zoomgov.com/j/1612345678?pwd=x1",
         "https://zoomgov.com/j/1612345678?pwd=x1"},
        {"zoom", "https://agency.zoomgov.com/j/1612345678",
         "https://agency.zoomgov.com/j/1612345678"},
        {"zoom", "https://zoom.us/my/familjen.ali", "https://zoom.us/my/familjen.ali", "", true},
        {"zoom", "https://zoom.us/j/81234567890#success", "https://zoom.us/j/81234567890"},
        // An empty query before the fragment (Boost.URL 1.81's params view read past it).
        {"zoom", "https://zoom.us/j/81234567890?#/x?p=1", "https://zoom.us/j/81234567890"},
        {"teams", "https://teams.live.com/meet/9318337645731?p=Ab12&#x",
         "https://teams.live.com/meet/9318337645731?p=Ab12"},
    });
}

TEST(zoom_links, refused_with_a_reason) {
    expect_refused({
        {"zoom", "https://zoom.us/s/81234567890?zak=eyJhbGciOi", "host_link"},
        {"zoom", "https://zoom.us/s/81234567890", "host_link"},
        {"zoom", "https://zoom.us/j/81234567890?pwd=abc&zak=eyJhbGciOi", "host_link"},
        {"zoom", "https://zoom.us/j/81234567890?ZAK=eyJ", "host_link"},
        {"zoom", "http://zoom.us/j/81234567890", "not_https"},
        {"zoom", "javascript:alert(document.cookie)//zoom.us/j/81234567890", "invalid_link"},
        {"zoom", "zoommtg://zoom.us/join?confno=81234567890", "invalid_link"},
        {"zoom", "https://zoom.us.evil.example/j/81234567890", "wrong_platform"},
        {"zoom", "https://evilzoom.us/j/81234567890", "wrong_platform"},
        {"zoom", "https://zoom.us@evil.example/j/81234567890", "credentials_in_link"},
        {"zoom", "https://user:secret@zoom.us/j/81234567890", "credentials_in_link"},
        {"zoom", "https://zoom.us:8443/j/81234567890", "invalid_link"},
        {"zoom", "https://xn--zom-qla.us/j/81234567890", "lookalike_link"},
        {"zoom", "https://zооm.us/j/81234567890", "lookalike_link"},  // Cyrillic о
        {"zoom", "https://z%D0%BE%D0%BEm.us/j/81234567890", "lookalike_link"},
        {"zoom", "https://u%02web.zoom.us/j/81234567890", "invalid_link"},
        {"zoom", "https://us02web%2Ezoom.us%2F/j/81234567890", "invalid_link"},
        {"zoom", "https://zoom.us/j/1234", "incomplete_link"},
        {"zoom", "https://zoom.us/j/812345678901234", "incomplete_link"},
        {"zoom", "https://zoom.us/j/8123456789a", "incomplete_link"},
        {"zoom", "https://zoom.us/j/", "incomplete_link"},
        {"zoom", "https://zoom.us/j/81234567890?pwd=%22%3E%3Cscript%3E", "incomplete_link"},
        {"zoom", "https://zoom.us/", "not_meeting_link"},
        {"zoom", "https://zoom.us/rec/share/abcdef", "not_meeting_link"},
        {"zoom", "https://zoom.com/j/81234567890", "not_meeting_link"},
        {"zoom",
         "https://nam02.safelinks.protection.outlook.com/"
         "?url=https%3A%2F%2Fzoom.us%2Fj%2F81234567890",
         "redirect_link"},
        {"zoom", "https://bit.ly/3xYzAbC", "redirect_link"},
        {"zoom", "https://www.google.com/url?q=https://zoom.us/j/81234567890", "redirect_link"},
        {"zoom", "https://127.0.0.1/j/81234567890", "invalid_link"},
        {"zoom", "https://[::1]/j/81234567890", "invalid_link"},
        {"zoom", "https://teams.live.com/meet/9876543210123?p=abcdef", "wrong_platform"},
        {"zoom", "not a link at all", "invalid_link"},
        {"zoom", "", "invalid_link"},
    });
    EXPECT_EQ(
        check_meeting_link("zoom", "https://zoom.us/j/81234567890?pwd=" + std::string(3000, 'a'))
            .refusal,
        "too_long");
    // Short enough as typed, too long once its letters outside ASCII are percent-encoded.
    std::string accents;
    for (int i = 0; i < 900; ++i) accents += "é";
    EXPECT_EQ(check_meeting_link("zoom", "https://zoom.us/j/81234567890?pwd=" + accents).refusal,
              "too_long");
}

TEST(teams_links, accepted_in_their_normal_form) {
    const char* meetup =
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTk2ZDMtYTY0Mi00%40thread.v2/0"
        "?context=%7b%22Tid%22%3a%2272f988bf-86f1%22%2c%22Oid%22%3a%2233b2%22%7d";
    expect_accepted({
        {"teams", meetup, meetup},
        {"teams",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTk2ZDMtYTY0Mi00%40thread.v2/0"
         "?context=%7b%22Tid%22%3a%2272f988bf-86f1%22%2c%22Oid%22%3a%2233b2%22%7d&utm_source=mail",
         meetup},
        {"teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"},
        {"teams", "https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0",
         "https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0"},
        {"teams", "https://TEAMS.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0/",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"},
        {"teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.skype/0",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.skype/0"},
        {"teams", "https://teams.microsoft.com/meet/2345678901234?p=AbCdEf123",
         "https://teams.microsoft.com/meet/2345678901234?p=AbCdEf123"},
        {"teams", "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm",
         "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm"},
        {"teams", "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm&anon=true",
         "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm"},
        {"teams", " https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm ",
         "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm"},
        {"skype", "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm",
         "https://teams.live.com/meet/9318337645731?p=3wzN7CwYknF3GDBm", "teams"},
        {"skype", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0", "teams"},
        {"teams", "https://teams.live.com:443/meet/9318337645731?p=Ab12",
         "https://teams.live.com/meet/9318337645731?p=Ab12"},
        {"teams", "https://teams.live.com/meet/9318337645731?P=Ab12",
         "https://teams.live.com/meet/9318337645731?p=Ab12"},
        {"teams", "https://teams.microsoft.com/meet/2345678901?p=abcd",
         "https://teams.microsoft.com/meet/2345678901?p=abcd"},
    });
}

TEST(teams_links, refused_with_a_reason) {
    expect_refused({
        {"skype", "https://join.skype.com/abcdEFGH1234", "skype_retired"},
        {"teams", "https://join.skype.com/abcdEFGH1234", "skype_retired"},
        {"skype", "https://web.skype.com/", "skype_retired"},
        {"skype", "skype:live:familjen?call", "invalid_link"},
        {"teams", "http://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
         "not_https"},
        {"teams",
         "https://teams.microsoft.com.evil.example/l/meetup-join/19%3ameeting_abc%40thread.v2/0",
         "wrong_platform"},
        {"teams", "https://teams.microsoft.com@evil.example/meet/9318337645731?p=abcd",
         "credentials_in_link"},
        {"teams", "https://evil-teams.microsoft.co/meet/9318337645731?p=abcd", "wrong_platform"},
        {"teams",
         "https://teams.microsoft.com/dl/launcher/launcher.html?url=%2F_%23%2Fl%2Fmeetup-join",
         "redirect_link"},
        {"teams",
         "https://statics.teams.cdn.office.net/evergreen-assets/safelinks/1/"
         "atp-safelinks.html?url=x",
         "redirect_link"},
        {"teams",
         "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fteams.live.com",
         "redirect_link"},
        {"teams", "https://teams.live.com/meet/9318337645731", "incomplete_link"},
        {"teams", "https://teams.live.com/meet/93183?p=abcd", "incomplete_link"},
        {"teams", "https://teams.live.com/meet/9318337645731?p=ab%22", "incomplete_link"},
        {"teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2",
         "incomplete_link"},
        {"teams", "https://teams.microsoft.com/l/meetup-join/evil/0", "incomplete_link"},
        {"teams", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_a%22b%40thread.v2/0",
         "incomplete_link"},
        {"teams",
         "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/"
         "0?context=%3Cscript%3E",
         "incomplete_link"},
        {"teams", "https://teams.microsoft.com/", "not_meeting_link"},
        {"teams", "https://www.microsoft.com/microsoft-teams/join-a-meeting", "not_meeting_link"},
        {"teams", "https://teams.live.com/l/chat/0/0?users=someone", "not_meeting_link"},
        {"teams", "https://zoom.us/j/81234567890", "wrong_platform"},
        {"teams", "https://xn--tams-6na.microsoft.com/meet/9318337645731?p=abcd", "lookalike_link"},
    });
}

TEST(facetime_links, accepted_in_their_normal_form) {
    const char* link =
        "https://facetime.apple.com/join#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/YxLh7Nq3WfZ2aB4c";
    expect_accepted({
        {"facetime", link, link},
        {"facetime",
         "https://facetime.apple.com/join#k=Qm9+vT1/YxLh7Nq3WfZ2aB4c&v=1&p=AeZx+7TnEe2k3wJm0lNw5g",
         link},
        {"facetime",
         "https://FaceTime.Apple.com/join#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/YxLh7Nq3WfZ2aB4c",
         link},
        {"facetime",
         "https://facetime.apple.com/join/#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/YxLh7Nq3WfZ2aB4c",
         link},
        {"facetime",
         "https://facetime.apple.com/join?src=messages#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/"
         "YxLh7Nq3WfZ2aB4c",
         link},
        {"facetime",
         "https://facetime.apple.com/join#v=1&p=AeZx-7TnEe2k3wJm0lNw5g&k=Qm9_vT1-YxLh7Nq3WfZ2aB4c",
         "https://facetime.apple.com/join#v=1&p=AeZx-7TnEe2k3wJm0lNw5g&k=Qm9_vT1-YxLh7Nq3WfZ2aB4c"},
        {"facetime",
         "https://facetime.apple.com/join#v=1&p=AeZx7TnEe2k3wJm0lNw5g==&k=Qm9vT1YxLh7Nq3WfZ2aB4c==",
         "https://facetime.apple.com/"
         "join#v=1&p=AeZx7TnEe2k3wJm0lNw5g==&k=Qm9vT1YxLh7Nq3WfZ2aB4c=="},
        {"facetime",
         "\thttps://facetime.apple.com/join#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/"
         "YxLh7Nq3WfZ2aB4c\r\n",
         link},
        {"facetime",
         "https://facetime.apple.com/join#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/"
         "YxLh7Nq3WfZ2aB4c&x=y",
         link},
        {"facetime",
         "https://facetime.apple.com/join#v=2&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/YxLh7Nq3WfZ2aB4c",
         "https://facetime.apple.com/join#v=2&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/YxLh7Nq3WfZ2aB4c"},
        {"facetime",
         "https://facetime.apple.com./join#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/YxLh7Nq3WfZ2aB4c",
         link},
        {"facetime",
         "https://facetime.apple.com:443/join#v=1&p=AeZx+7TnEe2k3wJm0lNw5g&k=Qm9+vT1/"
         "YxLh7Nq3WfZ2aB4c",
         link},
        {"facetime", "https://facetime.apple.com/join#v=1&p=abcdefgh&k=ijklmnop",
         "https://facetime.apple.com/join#v=1&p=abcdefgh&k=ijklmnop"},
        {"facetime", "https://facetime.apple.com/join#v=10&p=abcdefgh&k=ijklmnop",
         "https://facetime.apple.com/join#v=10&p=abcdefgh&k=ijklmnop"},
        {"facetime", "https://facetime.apple.com/join#&v=1&p=abcdefgh&k=ijklmnop",
         "https://facetime.apple.com/join#v=1&p=abcdefgh&k=ijklmnop"},
    });
}

TEST(facetime_links, refused_with_a_reason) {
    expect_refused({
        {"facetime", "http://facetime.apple.com/join#v=1&p=abcdefgh&k=ijklmnop", "not_https"},
        {"facetime", "facetime://+46701234567", "invalid_link"},
        {"facetime", "https://facetime.apple.com/join", "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#v=1&p=abcdefgh", "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#v=1&k=ijklmnop", "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#p=abcdefgh&k=ijklmnop", "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#v=1&p=abc&k=ijklmnop", "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#v=1&p=abcdefgh&k=ijk%22lmnop",
         "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#v=1&p=abcdefgh&p=zzzzzzzz&k=ijklmnop",
         "incomplete_link"},
        {"facetime", "https://facetime.apple.com/join#v=one&p=abcdefgh&k=ijklmnop",
         "incomplete_link"},
        {"facetime", "https://facetime.apple.com/", "not_meeting_link"},
        {"facetime", "https://www.apple.com/facetime/#v=1&p=abcdefgh&k=ijklmnop",
         "not_meeting_link"},
        {"facetime", "https://facetime.apple.com.evil.example/join#v=1&p=abcdefgh&k=ijklmnop",
         "wrong_platform"},
        {"facetime", "https://facetime.apple.com@evil.example/join#v=1&p=abcdefgh&k=ijklmnop",
         "credentials_in_link"},
        {"facetime", "https://xn--factime-7ya.apple.com/join#v=1&p=abcdefgh&k=ijklmnop",
         "lookalike_link"},
        {"facetime", "https://zoom.us/j/81234567890", "wrong_platform"},
        {"facetime", "https://lnkd.in/facetime", "redirect_link"},
    });
}

TEST(meeting_links, an_unknown_platform_takes_no_link) {
    EXPECT_EQ(check_meeting_link("whereby", "https://whereby.com/familj").refusal,
              "wrong_platform");
}

}  // namespace
}  // namespace samtal
