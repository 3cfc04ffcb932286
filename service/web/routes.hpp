// The parent's web pages: the booking form, the confirmation, finding, moving and cancelling
// a booking by its code, the unit page, the privacy page, the accessibility statement and the
// static files. Every page works without JavaScript; every state change is a POST, the booking
// code only ever travels in a POST body, and every call into the booking core runs on the
// blocking pool.
#pragma once

#include <functional>
#include <optional>

#include "service/http/router.hpp"
#include "service/web/site.hpp"

namespace samtal {

// The page a browser gets for a path no route has; nullopt when the client does not ask for
// HTML (it gets the problem+json answer).
using unknown_path_page = std::function<std::optional<response>(const request&)>;

// Adds the pages' routes, and answers what a browser gets for a path no route has: a 404 page
// in the visitor's language with a way back. Throws when a template is missing or malformed.
unknown_path_page add_web_routes(page_services services, router& routes);

}  // namespace samtal
