#include "service/http/router.hpp"

#include <cctype>
#include <stdexcept>

namespace samtal {

void router::add(route entry) {
    if (entry.limit != client_limit::none && !entry.refuse)
        throw std::logic_error("the limited route " + entry.path + " has no refusal");
    routes_.push_back(std::move(entry));
}

namespace {

// Whether `path` fits `pattern`, segment by segment, a "{name}" segment fitting any non-empty
// one.
bool fits(std::string_view pattern, std::string_view path) {
    while (true) {
        auto pattern_end = pattern.find('/', 1);
        auto path_end = path.find('/', 1);
        auto expected = pattern.substr(0, pattern_end);
        auto actual = path.substr(0, path_end);
        bool any = expected.size() > 2 && expected[1] == '{' && expected.back() == '}';
        if (any ? actual.size() < 2 : expected != actual) return false;
        if (pattern_end == std::string_view::npos || path_end == std::string_view::npos)
            return pattern_end == path_end;
        pattern.remove_prefix(pattern_end);
        path.remove_prefix(path_end);
    }
}

}  // namespace

std::string path_segment(std::string_view target, std::size_t index) {
    auto path = target.substr(0, target.find_first_of("?#"));
    std::size_t at = 0;
    for (std::size_t i = 0; i <= index; ++i) {
        at = path.find('/', at);
        if (at == std::string_view::npos) return {};
        ++at;
    }
    auto segment = path.substr(at, path.find('/', at) - at);
    std::string decoded;
    for (std::size_t i = 0; i < segment.size(); ++i) {
        if (segment[i] != '%') {
            decoded += segment[i];
            continue;
        }
        if (i + 2 >= segment.size() || !std::isxdigit(static_cast<unsigned char>(segment[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(segment[i + 2])))
            return {};
        decoded += char(std::stoi(std::string(segment.substr(i + 1, 2)), nullptr, 16));
        i += 2;
    }
    return decoded;
}

router::match router::find(http::verb method, std::string_view target) const {
    auto path = target.substr(0, target.find_first_of("?#"));
    match result;
    for (const auto& entry : routes_) {
        if (!fits(entry.path, path)) continue;
        result.name = entry.path;
        // HEAD is answered like GET by the session.
        if (entry.method == method ||
            (method == http::verb::head && entry.method == http::verb::get)) {
            result.found = &entry;
            return result;
        }
        if (!result.allowed.empty()) result.allowed += ", ";
        result.allowed += std::string(http::to_string(entry.method));
        if (entry.method == http::verb::get) result.allowed += ", HEAD";
    }
    return result;
}

}  // namespace samtal
