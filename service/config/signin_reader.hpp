// Reads [signin] of the configuration file: how staff sign in ([signin.oidc], the
// municipality's OpenID provider).
#pragma once

#include "service/config/table_reader.hpp"
#include "service/signin/oidc_config.hpp"

namespace samtal {

signin_config read_signin(const table_reader& reader);

}  // namespace samtal
