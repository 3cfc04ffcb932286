// The web form decoder (service/web/form_body) on arbitrary bodies.
#include <cstdint>
#include <cstdlib>

#include "service/web/form_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto fields = samtal::parse_form_body(body);
    if (!fields) return 0;
    // A decoded form is never bigger than the limit, and every name reads back its value.
    if (fields->size() > samtal::k_max_form_fields) std::abort();
    for (const auto& [name, value] : *fields)
        if (samtal::form_value(*fields, name) != value) std::abort();
    return 0;
}
