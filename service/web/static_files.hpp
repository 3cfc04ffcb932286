// The files compiled into the binary under service/web/static/, served at /static/<file>,
// and the icon at /favicon.ico, where browsers look for it unasked.
#pragma once

#include <string_view>

#include "service/http/router.hpp"

namespace samtal {

void add_static_files(router& routes);

}  // namespace samtal
