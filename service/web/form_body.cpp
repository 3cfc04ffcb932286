// Decoding of form posts through Boost.URL, which knows the percent-encoding rules.
#include "service/web/form_body.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace samtal {

std::optional<form_fields> parse_form_body(std::string_view body) {
    // A NUL-terminated copy of its own: Boost.URL 1.81 reads the text up to a NUL, past the end
    // of a view (found by fuzzing; form_body_test has the case).
    const std::string text(body);
    // Checked first because the params_view constructor throws on invalid input; Boost 1.81
    // does not export the constructor that would take the parsed view instead.
    if (!boost::urls::parse_query(text)) return std::nullopt;
    // Browsers write spaces as '+' in form bodies (HTML "application/x-www-form-urlencoded").
    boost::urls::params_view params(text, boost::urls::encoding_opts(true));
    form_fields fields;
    std::size_t count = 0;
    for (const auto& param : params) {
        // An empty body or a stray '&' gives an empty name, which no form sends on purpose.
        if (param.key.empty()) continue;
        if (++count > k_max_form_fields) return std::nullopt;
        fields.try_emplace(param.key, param.value);
    }
    return fields;
}

std::string form_value(const form_fields& fields, std::string_view name) {
    auto found = fields.find(name);
    return found == fields.end() ? std::string() : found->second;
}

}  // namespace samtal
