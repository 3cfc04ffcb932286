// The parent's web pages: the booking form, the confirmation, finding, moving and cancelling
// a booking by its code, the privacy page, the accessibility statement and the static files.
// Every page works without JavaScript; every state change is a POST.
#pragma once

#include "service/application.hpp"

namespace samtal {

// Adds the pages' routes, and answers what a browser gets for a path no route has: a 404 page
// in the visitor's language with a way back, or nullopt for a client that does not ask for
// HTML (it gets the problem+json answer).
unknown_path_page add_web_routes(application& app, router& routes);

}  // namespace samtal
