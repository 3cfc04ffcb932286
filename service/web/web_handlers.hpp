// The parent's web pages: the booking form, the confirmation, finding, moving and cancelling
// a booking by its code, the privacy page and the static files. Every page works without
// JavaScript; every state change is a POST.
#pragma once

#include "service/application.hpp"

namespace samtal {

void add_web_routes(application& app, router& routes);

}  // namespace samtal
