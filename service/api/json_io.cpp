// Strict JSON bodies in, JSON out.
#include "service/api/json_io.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace samtal {

std::string json_fields::text(std::string_view name) {
    read_.emplace_back(name);
    const auto* value = object_.if_contains(name);
    if (!value || value->is_null()) return {};
    if (!value->is_string()) {
        errors_.push_back({std::string(name), "wrong_type"});
        return {};
    }
    return std::string(value->get_string());
}

bool json_fields::flag(std::string_view name) {
    read_.emplace_back(name);
    const auto* value = object_.if_contains(name);
    if (!value || value->is_null()) return false;
    if (!value->is_bool()) {
        errors_.push_back({std::string(name), "wrong_type"});
        return false;
    }
    return value->get_bool();
}

std::optional<bool> json_fields::optional_flag(std::string_view name) {
    if (!object_.contains(name)) {
        read_.emplace_back(name);
        return std::nullopt;
    }
    return flag(name);
}

std::optional<std::int64_t> json_fields::integer(std::string_view name) {
    read_.emplace_back(name);
    const auto* value = object_.if_contains(name);
    if (!value || value->is_null()) return std::nullopt;
    if (!value->is_int64()) {
        errors_.push_back({std::string(name), "wrong_type"});
        return std::nullopt;
    }
    return value->get_int64();
}

std::vector<std::string> json_fields::texts(std::string_view name) {
    read_.emplace_back(name);
    const auto* value = object_.if_contains(name);
    std::vector<std::string> texts;
    if (!value || value->is_null()) return texts;
    const auto* array = value->if_array();
    if (!array || array->size() > 100 ||
        !std::all_of(array->begin(), array->end(),
                     [](const boost::json::value& item) { return item.is_string(); })) {
        errors_.push_back({std::string(name), "wrong_type"});
        return texts;
    }
    for (const auto& item : *array) texts.emplace_back(item.get_string());
    return texts;
}

const boost::json::object* json_fields::object(std::string_view name) {
    read_.emplace_back(name);
    const auto* value = object_.if_contains(name);
    if (!value || value->is_null()) return nullptr;
    if (!value->is_object()) errors_.push_back({std::string(name), "wrong_type"});
    return value->if_object();
}

std::vector<field_error> json_fields::errors() const {
    auto errors = errors_;
    for (const auto& [key, value] : object_)
        if (std::find(read_.begin(), read_.end(), key) == read_.end())
            // Only the field's name goes back, never its value; long names are cut.
            errors.push_back({std::string(key.substr(0, 64)), "unknown_field"});
    return errors;
}

std::optional<boost::json::object> parse_json_object(std::string_view body) {
    boost::system::error_code ec;
    // Depth and size are bounded: the body limit bounds the size, the parser the depth.
    boost::json::parse_options options;
    options.max_depth = 16;
    auto value = boost::json::parse(body, ec, {}, options);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

bool is_json(const request& req) {
    auto type = req[http::field::content_type];
    auto media = type.substr(0, type.find(';'));
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    std::string lower(media);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return lower == "application/json";
}

std::optional<boost::json::object> json_body(const problem_wording& problems, const request& req,
                                             const respond_fn& respond) {
    if (!is_json(req)) {
        respond(problems(problem_kind::unsupported_media_type, req));
        return std::nullopt;
    }
    auto object = parse_json_object(req.body());
    if (!object) respond(problems(problem_kind::malformed_json, req));
    return object;
}

response json_response(http::status status, const boost::json::value& body, const request& req) {
    response res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());
    res.body() = boost::json::serialize(body);
    res.prepare_payload();
    return res;
}

reply json_shared_response(http::status status, const kept_body& body, const request& req) {
    response head{status, req.version()};
    head.set(http::field::content_type, "application/json");
    head.keep_alive(req.keep_alive());
    return body.answer(req, std::move(head));
}

}  // namespace samtal
