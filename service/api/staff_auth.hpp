// Who may call /api/v1/staff/: each route names its roles in the router's table (route::roles),
// and staff_route checks them, and the caller's unit, before the handler runs. A token is
// known only by its SHA-256 in the configuration and is compared in constant time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/config/config.hpp"
#include "service/core/staff_identity.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/router.hpp"

namespace samtal {

class staff_auth {
public:
    explicit staff_auth(const std::vector<staff_token>& known) : known_(known) {}

    // The identity of the token in "Authorization: Bearer <token>"; nullopt when there is
    // none or it is unknown.
    std::optional<staff_identity> identify(const request& req) const;

private:
    const std::vector<staff_token>& known_;
};

// A staff handler gets the caller, checked, and the unit the request is about: the `unit`
// query parameter, or the caller's own unit when there is none.
using staff_handler =
    std::function<void(request&& req, respond_fn respond, const staff_identity& who)>;

// The route for `path` that only `roles` may call. Before `handler` runs, a request without a
// known token gets 401; a role not in `roles`, or a `unit` parameter naming another unit than
// the caller's, gets 403.
route staff_route(http::verb method, std::string path, std::size_t body_limit,
                  std::vector<std::string> roles, const staff_auth& staff,
                  const problem_wording& problems, staff_handler handler);

// The unit a staff request is about: its `unit` parameter, or the caller's own.
std::string requested_unit(const request& req, const staff_identity& who);

}  // namespace samtal
