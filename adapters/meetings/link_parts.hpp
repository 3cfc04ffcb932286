// Small readers of link parts that the platform adapters share.
#pragma once

#include <algorithm>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url_view.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace samtal::link_parts {

inline bool all_of(std::string_view text, bool (*accepts)(char)) {
    return std::all_of(text.begin(), text.end(), accepts);
}
inline bool digit(char c) { return c >= '0' && c <= '9'; }
inline bool alphanumeric(char c) {
    return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The value of the query parameter `name`, exactly as written (still percent-encoded), when
// it appears once; nullopt when absent. Names are compared without regard to case.
inline std::optional<std::string> query_value(boost::urls::url_view link, std::string_view name) {
    std::optional<std::string> found;
    for (auto param : link.encoded_params()) {
        std::string key = param.key.decode();
        if (key.size() != name.size() ||
            !std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == b;
            }))
            continue;
        found = std::string(param.has_value ? std::string_view(param.value) : std::string_view{});
    }
    return found;
}

// The text a percent-encoded value stands for; nullopt when the encoding is broken.
inline std::optional<std::string> decoded(std::string_view encoded) {
    auto value = boost::urls::make_pct_string_view(encoded);
    if (!value) return std::nullopt;
    return value->decode();
}

}  // namespace samtal::link_parts
