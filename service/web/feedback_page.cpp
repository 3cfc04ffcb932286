// The parent's follow-up on the booking page (POST /booking/feedback): three questions as
// radio buttons, each with "skip" chosen until the parent picks an answer, so no JavaScript
// is needed to leave one out.
#include <kainjow/mustache.hpp>

#include "service/edge/failure_answers.hpp"
#include "service/web/form_guard.hpp"
#include "service/web/html_responses.hpp"
#include "service/web/pages.hpp"

namespace samtal {

namespace mustache = kainjow::mustache;

namespace {

// The third question has its own scale ("very hard" to "very easy"), as in the unit's form.
std::string_view scale_of(std::string_view question) {
    return question == "easy_to_reach" ? "follow_up.easy_" : "follow_up.agree_";
}

mustache::data questions(const message_catalog& messages, std::string_view language) {
    mustache::data list(mustache::data::type::list);
    for (auto question : k_follow_up_questions) {
        mustache::data entry;
        entry.set("name", std::string(question));
        entry.set("legend", messages.text(language, "follow_up." + std::string(question)));
        mustache::data options(mustache::data::type::list);
        auto option = [&](std::string value, std::string label) {
            mustache::data item;
            item.set("id", std::string(question) + "-" + (value.empty() ? "skip" : value));
            item.set("checked", value.empty());
            item.set("value", std::move(value));
            item.set("label", std::move(label));
            options.push_back(item);
        };
        for (int step = 1; step <= 5; ++step)
            option(std::to_string(step),
                   messages.text(language, std::string(scale_of(question)) + std::to_string(step)));
        option("dont_know", messages.text(language, "follow_up.dont_know"));
        option("", messages.text(language, "follow_up.skip"));
        entry.set("options", options);
        list.push_back(entry);
    }
    return list;
}

}  // namespace

void add_follow_up(page_data& data, const web_site& site, std::string_view language,
                   const booking_record& booking, std::string_view code) {
    switch (site.follow_ups.state_of(booking, code)) {
        case follow_up_state::open:
            data.set("follow_up_open", true);
            data.set("follow_up_questions", questions(site.messages, language));
            break;
        case follow_up_state::answered:
            data.set("follow_up_answered", true);
            break;
        case follow_up_state::not_yet_open:
        case follow_up_state::closed:
            break;
    }
}

// POST /booking/feedback
void give_feedback(const site_ptr& site, request&& req, respond_fn respond) {
    auto fields = read_form(*site, req, respond, "/booking/feedback");
    if (!fields) return;
    auto language = post_language(*site, req, *fields);
    auto code = form_value(*fields, "code");
    follow_up_answers answers;
    bool readable = true;
    for (std::size_t i = 0; i < k_follow_up_questions.size(); ++i) {
        auto read = read_follow_up_answer(form_value(*fields, k_follow_up_questions[i]));
        if (read)
            answers.by_question[i] = *read;
        else
            readable = false;
    }
    run_page(
        site, req, std::move(respond), language,
        [site, language, code, answers, readable](const request& req) -> reply {
            const auto& messages = site->messages;
            auto found = site->bookings.find(code);
            if (!found) return find_page(*site, req, language, code, true);
            // Only a tampered form sends another value; it is refused like a bad answer.
            if (!readable)
                return booking_page(*site, req, language, found.value(), code,
                                    http::status::unprocessable_entity, false,
                                    messages.field_error(language, "feedback", "invalid_choice"));
            auto given = site->follow_ups.answer(code, answers);
            if (given) {
                site->stats.count("follow_up_answers");
                return booking_page(*site, req, language, found.value(), code, http::status::ok,
                                    false);
            }
            const auto& error = given.error();
            if (error.kind != failure_kind::invalid_input || error.fields.empty())
                return failure_page(*site, req, language, error.kind);
            const auto& reason = error.fields.front();
            return booking_page(*site, req, language, found.value(), code, status_of(error.kind),
                                false, messages.field_error(language, reason.field, reason.code));
        });
}

}  // namespace samtal
