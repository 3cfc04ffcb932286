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

// The text a percent-encoded value stands for; nullopt when the encoding is broken.
inline std::optional<std::string> decoded(std::string_view encoded) {
    auto value = boost::urls::make_pct_string_view(encoded);
    if (!value) return std::nullopt;
    return value->decode();
}

// The value of the query parameter `name`, exactly as written (still percent-encoded), when
// it appears; the last one counts. Names are compared without regard to case. The query is
// split here rather than through Boost.URL's params view, whose iterator in 1.81 reads past an
// empty query (found by the join_link fuzz target).
inline std::optional<std::string> query_value(boost::urls::url_view link, std::string_view name) {
    std::optional<std::string> found;
    std::string_view query = link.encoded_query();
    while (!query.empty()) {
        auto end = query.find('&');
        auto pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
        auto equals = pair.find('=');
        auto key = decoded(pair.substr(0, equals));
        if (!key || key->size() != name.size() ||
            !std::equal(key->begin(), key->end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == b;
            }))
            continue;
        found = std::string(equals == std::string_view::npos ? std::string_view{}
                                                             : pair.substr(equals + 1));
    }
    return found;
}

}  // namespace samtal::link_parts
