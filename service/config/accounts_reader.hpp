// A unit's accounts with outside systems, as config reads them: how its invitations are
// delivered, the meeting platforms it hosts on, its interpreter agency, its telephony.
#pragma once

#include <string>

#include "service/config/table_reader.hpp"
#include "service/core/unit.hpp"

namespace samtal {

invitations_config read_invitations(const table_reader& reader, const std::string& unit_name);
hosted_meetings_config read_hosted_meetings(const table_reader& reader);
interpreters_config read_interpreters(const table_reader& reader,
                                      const invitations_config& invitations);
telephony_config read_telephony(const table_reader& reader);

}  // namespace samtal
