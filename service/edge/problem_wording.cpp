#include "service/edge/problem_wording.hpp"

#include "service/edge/failure_answers.hpp"
#include "service/edge/request_language.hpp"

namespace samtal {

response problem_wording::operator()(problem_kind kind, const request& req,
                                     const std::vector<field_error>& fields) const {
    auto language = request_language(messages_, req);
    std::vector<problem_field> worded;
    for (const auto& field : fields)
        worded.push_back(
            {field.field, field.code, messages_.field_error(language, field.field, field.code)});
    auto res = problem_response(
        kind, messages_.text(language, "problem." + std::string(type_name_of(kind))), worded,
        req.version(), req.keep_alive());
    res.set(http::field::content_language, language);
    return res;
}

response problem_wording::operator()(const failure& error, const request& req) const {
    return (*this)(answer_to(error.kind).problem, req, error.fields);
}

}  // namespace samtal
