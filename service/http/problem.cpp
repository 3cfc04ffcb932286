#include "service/http/problem.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace samtal {
namespace {

struct problem_entry {
    problem_kind kind;
    http::status status;
    std::string_view type_name;
};

constexpr problem_entry k_problems[] = {
    {problem_kind::validation_failed, http::status::unprocessable_entity, "validation-failed"},
    {problem_kind::malformed_json, http::status::bad_request, "malformed-json"},
    {problem_kind::unsupported_media_type, http::status::unsupported_media_type,
     "unsupported-media-type"},
    {problem_kind::not_found, http::status::not_found, "not-found"},
    {problem_kind::booking_not_found, http::status::not_found, "booking-not-found"},
    {problem_kind::slot_taken, http::status::conflict, "slot-taken"},
    {problem_kind::version_conflict, http::status::conflict, "version-conflict"},
    {problem_kind::too_many_requests, http::status::too_many_requests, "too-many-requests"},
    {problem_kind::unauthorized, http::status::unauthorized, "unauthorized"},
    {problem_kind::forbidden, http::status::forbidden, "forbidden"},
    {problem_kind::method_not_allowed, http::status::method_not_allowed, "method-not-allowed"},
    {problem_kind::payload_too_large, http::status::payload_too_large, "payload-too-large"},
    {problem_kind::header_too_large, http::status::request_header_fields_too_large,
     "header-too-large"},
    {problem_kind::bad_request, http::status::bad_request, "bad-request"},
    {problem_kind::unavailable, http::status::service_unavailable, "unavailable"},
    {problem_kind::internal_error, http::status::internal_server_error, "internal-error"},
};

const problem_entry& entry_of(problem_kind kind) {
    for (const auto& entry : k_problems)
        if (entry.kind == kind) return entry;
    return k_problems[std::size(k_problems) - 1];
}

}  // namespace

http::status status_of(problem_kind kind) { return entry_of(kind).status; }
std::string_view type_name_of(problem_kind kind) { return entry_of(kind).type_name; }

response problem_response(problem_kind kind, std::string_view title,
                          const std::vector<problem_field>& fields, unsigned version,
                          bool keep_alive) {
    const auto& entry = entry_of(kind);
    boost::json::object body;
    body["type"] = "/problems/" + std::string(entry.type_name);
    body["title"] = title;
    body["status"] = static_cast<int>(entry.status);
    if (!fields.empty()) {
        boost::json::array errors;
        for (const auto& field : fields)
            errors.push_back(boost::json::object{
                {"field", field.field}, {"code", field.code}, {"message", field.message}});
        body["errors"] = std::move(errors);
    }
    response res{entry.status, version};
    res.set(http::field::content_type, "application/problem+json");
    res.keep_alive(keep_alive);
    res.body() = boost::json::serialize(body);
    res.prepare_payload();
    return res;
}

}  // namespace samtal
