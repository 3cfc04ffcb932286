// The embedded default delivery: each invitation is written as an .eml file to a folder, so a
// newcomer sees exactly what would have been sent (any mail or calendar program opens it).
// The files carry the contact data, so they are kept no longer than the database keeps it:
// each file's name begins with its message's keep_until, and purge_spools removes the files
// whose time has passed.
#pragma once

#include <filesystem>
#include <vector>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/invitation_delivery.hpp"
#include "service/core/unit.hpp"

namespace samtal {

invitation_delivery_ptr make_spool_delivery(const std::filesystem::path& folder);

// Where a unit's invitations are spooled: its spool_folder, below the data folder.
std::filesystem::path spool_folder(const std::filesystem::path& data_dir,
                                   const invitations_config& invitations);

// Removes, from the spool folder of each unit (below `data_dir`), the messages to be kept
// until before `now`, and the half-written ones a crash left with them. Other files are left
// alone. Returns how many files it removed.
int purge_spools(const std::filesystem::path& data_dir, const std::vector<unit_config>& units,
                 sys_seconds now);

}  // namespace samtal
