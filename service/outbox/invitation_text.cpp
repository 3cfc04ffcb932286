#include "service/outbox/invitation_text.hpp"

#include <functional>

#include "adapters/meetings/registry.hpp"
#include "service/calendar/staff_invitation.hpp"
#include "service/core/booking_service.hpp"
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

// "2026-12-01 17:30" in the unit's wall time.
std::string wall_time(sys_minutes at, const unit_config& unit) {
    auto local = to_local(at, *find_time_zone(unit.time_zone));
    auto day = date::floor<date::days>(local);
    date::year_month_day ymd{day};
    date::hh_mm_ss clock{local - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02d:%02d", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), int(clock.hours().count()),
                  int(clock.minutes().count()));
    return text;
}

// What the advisor needs to know about the interpreter, or "" when no agency is involved.
std::string interpreter_paragraph(const interpreter_news& news, const std::string& spoken,
                                  const std::function<std::string(const std::string&)>& text) {
    if (!news.request) return {};
    const auto& request = *news.request;
    std::vector<std::pair<std::string, std::string>> values{
        {"language", spoken},
        {"reference", request.reference()},
        {"interpreter", request.interpreter_reference}};
    switch (request.status) {
        case interpreter_status::requested:
            return fill(text("staff.interpreter_requested"), values);
        case interpreter_status::confirmed:
            if (request.joins_by == "phone" && news.phone) {
                values.push_back({"phone", readable_phone(*news.phone)});
                values.push_back({"e164", *news.phone});
                return fill(text("staff.interpreter_confirmed_phone"), values);
            }
            return fill(text("staff.interpreter_confirmed_video"), values);
        case interpreter_status::declined:
            return fill(text("staff.interpreter_declined"), values);
        case interpreter_status::expired:
            return fill(text("staff.interpreter_expired"), values);
        case interpreter_status::cancelled:
            return {};
    }
    return {};
}

}  // namespace

outgoing_invitation compose_invitation(const booking_record& booking, itip_method method,
                                       const unit_config& unit, const advisor_config& advisor,
                                       const std::optional<std::string>& contact,
                                       const interpreter_news& interpreter,
                                       const message_catalog& messages, sys_seconds now) {
    const auto& language = unit.invitations.staff_language;
    std::function<std::string(const std::string&)> text = [&](const std::string& key) {
        return messages.text(language, key);
    };
    auto when = wall_time(booking.start, unit);

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
             {"interpreter_phone", interpreter.phone ? readable_phone(*interpreter.phone)
                                                     : text("staff.interpreter_phone_unknown")}});
        description = bridges_call(unit, &advisor, booking)
                          ? fill(text("staff.bridged_call"),
                                 {{"advisor_phone", readable_phone(advisor.phone)}}) +
                                "\n\n" + text("staff.bridge_fallback") + "\n" + by_hand
                          : by_hand;
    } else if (booking.channel == "phone") {
        description = fill(text("staff.phone_instructions"),
                           {{"phone", readable_phone(*contact)}, {"e164", *contact}});
    } else if (booking.hosting == "unit") {
        description =
            fill(text("staff.hosted_instructions"),
                 {{"platform", text("platform." + booking.platform)}, {"link", *contact}});
    } else {
        description = fill(text("staff.video_instructions"), {{"link", *contact}});
        description += "\n\n" + text("staff.join_" + booking.platform);
        if (check_meeting_link(booking.platform, *contact).personal_room)
            description += "\n" + text("staff.personal_room");
    }
    if (method == itip_method::request && booking.interpreter) {
        auto news = interpreter_paragraph(interpreter, spoken, text);
        description +=
            "\n\n" +
            (news.empty() ? fill(text("staff.interpreter_needed"), {{"language", spoken}}) : news);
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
    invitation.composed_at = now;
    invitation.keep_until = booking.end + k_contact_grace;
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

namespace samtal {

agency_request compose_agency_request(const interpreter_request& request, itip_method method,
                                      const booking_record& booking, const unit_config& unit,
                                      const std::optional<std::string>& contact,
                                      const message_catalog& messages, sys_seconds now) {
    const auto& language = unit.invitations.staff_language;
    auto text = [&](const std::string& key) { return messages.text(language, key); };
    agency_request out;
    out.request = request;
    out.unit_name = unit.name;
    // The join link goes to the interpreter who confirmed joining by video, and to nobody else.
    bool joins_video = method == itip_method::request &&
                       request.status == interpreter_status::confirmed &&
                       request.joins_by == "video" && booking.channel == "video" && contact;
    if (joins_video) {
        out.join_link = *contact;
        out.join_instructions = booking.hosting == "unit"
                                    ? fill(text("staff.agency_join_hosted"),
                                           {{"platform", text("platform." + booking.platform)}})
                                    : text("staff.join_" + booking.platform);
    }

    std::string modes;
    for (const auto& mode : request.modes)
        modes += (modes.empty() ? "" : ", ") + text("staff.mode_" + mode);
    auto spoken = text("language." + request.language);
    auto when = wall_time(request.start, unit);
    auto fields = fill(
        text("staff.agency_fields"),
        {{"reference", request.reference()},
         {"language", spoken},
         {"dialect", request.dialect.empty()
                         ? text("staff.dialect_none")
                         : text("dialect." + request.language + "." + request.dialect)},
         {"competence", text("staff.competence_" + request.competence)},
         {"required", text(request.competence_required ? "staff.competence_required"
                                                       : "staff.competence_desired")},
         {"gender",
          text("staff.gender_" + (request.gender.empty() ? std::string("any") : request.gender))},
         {"modes", modes},
         {"when", when},
         {"until", wall_time(request.end, unit).substr(11)},
         {"zone", unit.time_zone},
         {"answer_by", wall_time(request.answer_by, unit)}});
    std::string description;
    if (method == itip_method::cancel) {
        description = text("staff.agency_cancelled") + "\n\n" + fields;
    } else {
        description = fields;
        if (joins_video)
            description += "\n\n" +
                           fill(text("staff.agency_join_video"), {{"link", out.join_link}}) + "\n" +
                           out.join_instructions;
        else if (request.status == interpreter_status::requested)
            description += "\n\n" + fill(text("staff.agency_reply"),
                                         {{"organizer", unit.invitations.organizer_email}});
    }
    description += "\n\n" + text("staff.agency_footer");

    auto summary = one_line(
        fill(text("staff.agency_summary"),
             {{"reference", request.reference()}, {"language", spoken}, {"modes", modes}}));
    booking_record event;
    event.calendar_uid = request.calendar_uid;
    event.sequence = request.sequence;
    event.start = request.start;
    event.end = request.end;
    auto& invitation = out.invitation;
    invitation.method = method;
    invitation.calendar_uid = request.calendar_uid;
    invitation.composed_at = now;
    invitation.keep_until = request.end + k_contact_grace;
    invitation.sequence = request.sequence;
    invitation.organizer_name = unit.invitations.organizer_name;
    invitation.organizer_email = unit.invitations.organizer_email;
    invitation.recipient_name = unit.interpreters.name;
    invitation.recipient_email = unit.interpreters.mailbox;
    invitation.subject = one_line(
        fill(text(method == itip_method::cancel ? "staff.subject_cancel" : "staff.subject_request"),
             {{"summary", summary}, {"when", when}}));
    invitation.text = summary + "\n" + when + "\n\n" + description + "\n";
    invitation.ical = staff_invitation(
        {event, method, unit.invitations.organizer_name, unit.invitations.organizer_email,
         unit.interpreters.name, unit.interpreters.mailbox, summary, description},
        now);
    return out;
}

}  // namespace samtal
