// The parent's follow-up through the API (POST /api/v1/feedback): the code in
// Authorization: Bearer, the answers in the body; a question left out is skipped.
#include <boost/json/object.hpp>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_feedback_body_limit = 1024;

using services_ptr = std::shared_ptr<const feedback_services>;

// Each question's answer: 1 to 5 or "dont_know"; absent or null is skipped.
follow_up_answers read_answers(const boost::json::object& body, std::vector<field_error>& errors) {
    follow_up_answers answers;
    for (std::size_t i = 0; i < k_follow_up_questions.size(); ++i) {
        std::string name(k_follow_up_questions[i]);
        const auto* value = body.if_contains(name);
        if (!value || value->is_null()) continue;
        std::optional<follow_up_answer> read;
        if (value->is_int64() && value->as_int64() >= 1 && value->as_int64() <= 5)
            read = follow_up_answer{int(value->as_int64())};
        else if (value->is_string() && value->as_string() == "dont_know")
            read = follow_up_answer{k_dont_know};
        if (!read)
            errors.push_back({name, "invalid_choice"});
        else
            answers.by_question[i] = *read;
    }
    for (const auto& [key, value] : body)
        if (std::find(k_follow_up_questions.begin(), k_follow_up_questions.end(), key) ==
            k_follow_up_questions.end())
            errors.push_back({std::string(key.substr(0, 64)), "unknown_field"});
    return answers;
}

void give_feedback(const services_ptr& api, request&& req, respond_fn respond) {
    auto body = json_body(api->problems, req, respond);
    if (!body) return;
    std::vector<field_error> errors;
    auto answers = read_answers(*body, errors);
    if (!errors.empty())
        return respond(api->problems(problem_kind::validation_failed, req, errors));
    api->run_blocking(req, respond, [api, req, answers] {
        auto given = api->follow_ups.answer(bearer_token(req), answers);
        if (!given) return api->problems(given.error(), req);
        api->stats.count("follow_up_answers");
        return json_response(http::status::created, boost::json::object{{"status", "recorded"}},
                             req);
    });
}

}  // namespace

void add_feedback_routes(feedback_services services, router& routes) {
    auto api = std::make_shared<const feedback_services>(std::move(services));
    // A wrong code costs the client that sent it, as on every route that takes one.
    routes.add({http::verb::post, "/api/v1/feedback", k_feedback_body_limit,
                [api](request&& req, respond_fn respond) {
                    give_feedback(api, std::move(req), std::move(respond));
                },
                client_limit::code_lookup,
                [api](const request& req, std::chrono::seconds) {
                    return api->problems(problem_kind::too_many_requests, req);
                }});
}

}  // namespace samtal
