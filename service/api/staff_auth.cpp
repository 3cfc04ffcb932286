#include "service/api/staff_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>

#include "service/http/request_fields.hpp"

namespace samtal {

std::optional<std::string> staff_auth::role_of(const request& req) const {
    auto token = bearer_token(req);
    if (token.empty()) return std::nullopt;
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
    // Every configured token is compared, whichever matches, so timing tells nothing.
    std::optional<std::string> role;
    for (const auto& known : known_)
        if (CRYPTO_memcmp(digest, known.sha256.data(), known.sha256.size()) == 0) role = known.role;
    return role;
}

bool staff_auth::refuse_unless(const request& req, const respond_fn& respond,
                               const problem_wording& problems,
                               std::initializer_list<std::string_view> roles) const {
    auto role = role_of(req);
    if (!role) {
        respond(problems(problem_kind::unauthorized, req));
        return true;
    }
    if (std::find(roles.begin(), roles.end(), *role) != roles.end()) return false;
    respond(problems(problem_kind::forbidden, req));
    return true;
}

}  // namespace samtal
