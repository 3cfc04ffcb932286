#include "service/http/router.hpp"

#include <stdexcept>

namespace samtal {

void router::add(route entry) {
    if (entry.limit != client_limit::none && !entry.refuse)
        throw std::logic_error("the limited route " + entry.path + " has no refusal");
    routes_.push_back(std::move(entry));
}

router::match router::find(http::verb method, std::string_view target) const {
    auto path = target.substr(0, target.find_first_of("?#"));
    match result;
    for (const auto& entry : routes_) {
        if (entry.path != path) continue;
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
