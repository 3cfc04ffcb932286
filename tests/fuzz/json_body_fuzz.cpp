// The JSON body decoder (service/api/json_io) on arbitrary bodies, read the way the booking
// handlers read them: known fields as text or flags, everything else reported.
#include <cstdint>
#include <cstdlib>

#include "service/api/json_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto object = samtal::parse_json_object(body);
    if (!object) return 0;
    samtal::json_fields fields(*object);
    for (auto name : {"unit", "start", "channel", "phone", "join_link", "language", "topic"})
        fields.text(name);
    fields.flag("interpreter");
    auto errors = fields.errors();
    // Every field of the object is either read or reported, and none twice.
    if (errors.size() > object->size()) std::abort();
    return 0;
}
