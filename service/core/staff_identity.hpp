// Who is calling the staff side, and what their role lets them do there. Each staff identity
// (a service token now, a signed-in person later) is bound to one unit and a role, an
// advisor's also to their advisor id; an operator may have no unit.
#pragma once

#include <string>
#include <string_view>

namespace samtal {

struct staff_identity {
    std::string name;     // as the token or account names them: for the audit log
    std::string role;     // "advisor", "coordinator", "manager" or "operator"
    std::string unit;     // empty only for an operator
    std::string advisor;  // the advisor role only

    // Whether this identity may act for the advisor `advisor_id` of `unit_id`: an advisor for
    // themselves, a coordinator for everyone in their unit.
    bool acts_for(std::string_view unit_id, std::string_view advisor_id) const {
        if (unit_id != unit) return false;
        return role == "coordinator" || (role == "advisor" && advisor_id == advisor);
    }
    bool in_unit(std::string_view unit_id) const { return unit_id == unit; }
};

inline constexpr std::string_view k_staff_roles[] = {"advisor", "coordinator", "manager",
                                                     "operator"};

}  // namespace samtal
