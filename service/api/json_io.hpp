// Reading JSON request bodies strictly (unknown fields and wrong types are errors) and
// writing JSON responses.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/core/result.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/kept_body.hpp"
#include "service/http/router.hpp"

namespace samtal {

// Reads the fields of one JSON object, remembering which were read, so that what is left is
// reported as unknown.
class json_fields {
public:
    explicit json_fields(const boost::json::object& object) : object_(object) {}

    std::string text(std::string_view name);
    bool flag(std::string_view name);
    // nullopt when absent (or of the wrong type, which is an error).
    std::optional<bool> optional_flag(std::string_view name);
    std::optional<std::int64_t> integer(std::string_view name);
    // An array of strings; empty when absent.
    std::vector<std::string> texts(std::string_view name);
    // An object; nullptr when absent.
    const boost::json::object* object(std::string_view name);
    // Field errors: wrong types met while reading, and every field that was never read.
    std::vector<field_error> errors() const;

private:
    const boost::json::object& object_;
    std::vector<std::string> read_;
    std::vector<field_error> errors_;
};

// Parses a body as one JSON object; nullopt when it is not valid JSON or not an object.
std::optional<boost::json::object> parse_json_object(std::string_view body);

// True when the request says its body is JSON (application/json, any parameters).
bool is_json(const request& req);

// Reads a JSON object body, or answers the problem with it (and returns nullopt).
std::optional<boost::json::object> json_body(const problem_wording& problems, const request& req,
                                             const respond_fn& respond);

response json_response(http::status status, const boost::json::value& body, const request& req);
// The same for JSON text kept elsewhere (the availability answers): shared, not copied, and
// compressed already for a client that takes gzip.
reply json_shared_response(http::status status, const kept_body& body, const request& req);

}  // namespace samtal
