// Files compiled into the binary (templates, messages, static assets, migrations, the
// OpenAPI document), keyed by their path in the source tree.
#pragma once

#include <map>
#include <string_view>

namespace samtal {

const std::map<std::string_view, std::string_view>& embedded_files();

}  // namespace samtal
