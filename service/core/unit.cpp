#include "service/core/unit.hpp"

#include <algorithm>

namespace samtal {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

bool advisor_config::speaks(std::string_view language) const {
    return contains(languages, language);
}

bool unit_config::offers_channel(std::string_view channel) const {
    return contains(channels, channel);
}
bool unit_config::offers_platform(std::string_view platform) const {
    return contains(platforms, platform);
}
const hosted_meetings_config* unit_config::hosted_meetings_on(std::string_view platform) const {
    for (const auto& hosted : hosted_meetings)
        if (hosted.platform == platform) return &hosted;
    return nullptr;
}
bool unit_config::offers_language(std::string_view language) const {
    return contains(languages, language);
}
bool unit_config::offers_topic(std::string_view topic) const { return contains(topics, topic); }

const unit_config* find_unit(const std::vector<unit_config>& units, std::string_view unit_id) {
    for (const auto& unit : units)
        if (unit.id == unit_id) return &unit;
    return nullptr;
}

}  // namespace samtal
