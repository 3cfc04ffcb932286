#include "service/http/request_fields.hpp"

#include <algorithm>
#include <boost/url/parse_query.hpp>

namespace samtal {

std::string query_parameter(std::string_view target, std::string_view name) {
    auto question = target.find('?');
    if (question == std::string_view::npos) return {};
    // A copy of its own: Boost.URL 1.81's parse_query lets the last value run on past the end
    // of a view into a larger buffer (such as Beast's request target).
    std::string query(target.substr(question + 1));
    auto params = boost::urls::parse_query(query);
    if (!params) return {};
    // '+' stays a '+': the API's times carry offsets like "+01:00", and no parameter here is
    // free text where a '+' could have meant a space.
    for (const auto& param : *params)
        if (param.key.decode() == name) return param.value.decode();
    return {};
}

std::string_view bearer_token(const request& req) {
    auto header = req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (!header.starts_with(scheme) || header.size() > 512) return {};
    return header.substr(scheme.size());
}

std::optional<int> parse_version(std::string_view text) {
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    int version = 0;
    for (char c : text) version = version * 10 + (c - '0');
    return version;
}

}  // namespace samtal
