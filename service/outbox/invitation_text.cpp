#include "service/outbox/invitation_text.hpp"

#include "service/calendar/staff_invitation.hpp"
#include "service/core/telephony.hpp"
#include "service/core/validation.hpp"

namespace samtal {
namespace {

// Parents' text never reaches an invitation, but config text and links do: no line breaks
// that could end a header or a calendar line.
std::string one_line(std::string text) {
    for (auto& c : text)
        if (c == '\r' || c == '\n') c = ' ';
    return text;
}

}  // namespace

std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        auto placeholder = "{" + name + "}";
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

outgoing_invitation compose_invitation(const booking_record& booking, itip_method method,
                                       const unit_config& unit, const advisor_config& advisor,
                                       const std::optional<std::string>& contact,
                                       const std::optional<std::string>& interpreter_phone,
                                       const message_catalog& messages, sys_seconds now) {
    const auto& language = unit.invitations.staff_language;
    auto text = [&](const std::string& key) { return messages.text(language, key); };
    const auto& zone = *find_time_zone(unit.time_zone);
    auto local = to_local(booking.start, zone);
    auto day = date::floor<date::days>(local);
    date::year_month_day ymd{day};
    date::hh_mm_ss clock{local - day};
    char when[32];
    std::snprintf(when, sizeof when, "%04d-%02u-%02u %02d:%02d", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(clock.hours().count()),
                  int(clock.minutes().count()));

    auto spoken =
        booking.language.empty() ? text("staff.no_language") : text("language." + booking.language);
    auto channel = booking.channel == "phone"
                       ? text("staff.channel_phone")
                       : fill(text("staff.channel_video"),
                              {{"platform", text("platform." + booking.platform)}});
    auto summary = fill(text(booking.interpreter ? "staff.summary_interpreter" : "staff.summary"),
                        {{"channel", channel}, {"language", spoken}});

    std::string description;
    if (method == itip_method::cancel) {
        description = text("staff.cancelled");
    } else if (!contact) {
        description = text("staff.contact_gone");
    } else if (booking.channel == "phone" && booking.interpreter) {
        // The service may call everyone into one conference; the advisor can always do it
        // by hand, for when it does not (no telephony, no phone of theirs, a failed call).
        auto by_hand = fill(
            text("staff.conference_yourself"),
            {{"phone", readable_phone(*contact)},
             {"e164", *contact},
             {"interpreter_phone", interpreter_phone ? readable_phone(*interpreter_phone)
                                                     : text("staff.interpreter_phone_unknown")}});
        description = bridges_call(unit, booking)
                          ? fill(text("staff.bridged_call"),
                                 {{"advisor_phone", readable_phone(advisor.phone)}}) +
                                "\n\n" + text("staff.bridge_fallback") + "\n" + by_hand
                          : by_hand;
    } else if (booking.channel == "phone") {
        description = fill(text("staff.phone_instructions"),
                           {{"phone", readable_phone(*contact)}, {"e164", *contact}});
    } else if (booking.hosting == "unit") {
        description = fill(text("staff.hosted_instructions"),
                           {{"platform", text("platform." + booking.platform)}, {"link", *contact}});
    } else {
        description = fill(text("staff.video_instructions"), {{"link", *contact}});
        description += "\n\n" + text("staff.join_" + booking.platform);
        if (check_join_link(booking.platform, *contact).personal_room)
            description += "\n" + text("staff.personal_room");
    }
    if (method == itip_method::request && booking.interpreter) {
        description += "\n\n" + fill(text("staff.interpreter_needed"), {{"language", spoken}});
        // The dialect matters to whoever books the interpreter.
        if (!booking.dialect.empty())
            description +=
                "\n" +
                fill(text("staff.dialect"),
                     {{"dialect", text("dialect." + booking.language + "." + booking.dialect)}});
    }
    if (booking.parent_role != "unspecified")
        description += "\n" + fill(text("staff.parent_role"),
                                   {{"role", text("parent_role." + booking.parent_role)}});
    if (!booking.topic.empty())
        description +=
            "\n" + fill(text("staff.topic"), {{"topic", text("topic." + booking.topic)}});
    description += "\n\n" + text("staff.footer");

    outgoing_invitation invitation;
    invitation.method = method;
    invitation.calendar_uid = booking.calendar_uid;
    invitation.sequence = booking.sequence;
    invitation.organizer_name = unit.invitations.organizer_name;
    invitation.organizer_email = unit.invitations.organizer_email;
    invitation.recipient_name = advisor.name;
    invitation.recipient_email = advisor.email;
    invitation.calendar_url = advisor.calendar_url;
    invitation.subject = one_line(
        fill(text(method == itip_method::cancel ? "staff.subject_cancel" : "staff.subject_request"),
             {{"summary", summary}, {"when", when}}));
    invitation.text = summary + "\n" + when + "\n\n" + description + "\n";
    invitation.ical = staff_invitation(
        {booking, method, unit.invitations.organizer_name, unit.invitations.organizer_email,
         advisor.name, advisor.email, one_line(summary), description},
        now);
    return invitation;
}

}  // namespace samtal
