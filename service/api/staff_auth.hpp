// Staff and service tokens: who may call /api/v1/staff/. A token is known only by its SHA-256
// in the configuration and is compared in constant time.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/config/config.hpp"
#include "service/edge/problem_wording.hpp"
#include "service/http/router.hpp"

namespace samtal {

class staff_auth {
public:
    explicit staff_auth(const std::vector<staff_token>& known) : known_(known) {}

    // The role of the token in "Authorization: Bearer <token>"; nullopt when there is none or
    // it is unknown.
    std::optional<std::string> role_of(const request& req) const;

    // Answers 401 for a request without a known token and 403 for a role not in `roles`, and
    // returns true then; false when the request may go on.
    bool refuse_unless(const request& req, const respond_fn& respond,
                       const problem_wording& problems,
                       std::initializer_list<std::string_view> roles) const;

private:
    const std::vector<staff_token>& known_;
};

}  // namespace samtal
