// The JSON API and operator endpoints, one registration function per resource.
#pragma once

#include <boost/json/object.hpp>

#include "service/application.hpp"

namespace samtal {

// Reads a JSON object body, or answers the problem with it (and returns nullopt).
std::optional<boost::json::object> json_body(application& app, const request& req,
                                             const respond_fn& respond);

// /healthz, /readyz, /metrics, /api/v1/openapi.yaml
void add_operator_routes(application& app, router& routes);
// /api/v1/units, /api/v1/availability
void add_unit_routes(application& app, router& routes);
// /api/v1/bookings, /api/v1/bookings/self[...]
void add_booking_routes(application& app, router& routes);
// /api/v1/staff/... (staff token required)
void add_staff_routes(application& app, router& routes);
// /api/v1/staff/interpreter-requests[...] and the agencies' signed callback
void add_interpreter_routes(application& app, router& routes);

}  // namespace samtal
