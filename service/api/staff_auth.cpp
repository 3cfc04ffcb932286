#include "service/api/staff_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>

#include "service/http/request_fields.hpp"

namespace samtal {

std::optional<staff_identity> staff_auth::identify(const request& req) const {
    auto token = bearer_token(req);
    if (token.empty()) return std::nullopt;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
    // Every configured token is compared, whichever matches, so timing tells nothing.
    std::optional<staff_identity> who;
    for (const auto& known : known_)
        if (CRYPTO_memcmp(digest, known.sha256.data(), known.sha256.size()) == 0)
            who = known.identity;
    return who;
}

std::string requested_unit(const request& req, const staff_identity& who) {
    auto unit = query_parameter(req.target(), "unit");
    return unit.empty() ? who.unit : unit;
}

route staff_route(http::verb method, std::string path, std::size_t body_limit,
                  std::vector<std::string> roles, const staff_auth& staff,
                  const problem_wording& problems, staff_handler handler) {
    auto checked = [&staff, &problems, roles, handler = std::move(handler)](request&& req,
                                                                            respond_fn respond) {
        auto who = staff.identify(req);
        if (!who) return respond(problems(problem_kind::unauthorized, req));
        if (std::find(roles.begin(), roles.end(), who->role) == roles.end())
            return respond(problems(problem_kind::forbidden, req));
        auto unit = query_parameter(req.target(), "unit");
        if (!unit.empty() && !who->unit.empty() && unit != who->unit)
            return respond(problems(problem_kind::forbidden, req));
        handler(std::move(req), std::move(respond), *who);
    };
    route entry{method, std::move(path), body_limit, std::move(checked)};
    entry.roles = std::move(roles);
    return entry;
}

}  // namespace samtal
