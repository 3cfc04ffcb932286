// The embedded default delivery: each invitation is written as an .eml file to a folder, so a
// newcomer sees exactly what would have been sent (any mail or calendar program opens it).
#pragma once

#include <filesystem>

#include "service/core/invitation_delivery.hpp"

namespace samtal {

invitation_delivery_ptr make_spool_delivery(const std::filesystem::path& folder);

}  // namespace samtal
