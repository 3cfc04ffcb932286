// An agency that takes interpreter requests by mail: each request, update and withdrawal is an
// iMIP invitation (one UID per request, a rising SEQUENCE) to the agency's mailbox, delivered
// like the advisors' invitations. The agency answers by mail; staff enter the answer through the
// staff API, so there is nothing to ask it.
#pragma once

#include "service/core/interpreter_agency.hpp"

namespace samtal {

class email_agency : public interpreter_agency {
public:
    explicit email_agency(invitation_delivery& mailbox) : mailbox_(mailbox) {}

    outside_call_result send(const agency_request& request, std::string& agency_id) override;
    outside_call_result withdraw(const agency_request& request) override;
    std::optional<interpreter_answer> status(const agency_request&) override {
        return std::nullopt;
    }
    std::optional<std::chrono::seconds> poll_interval() const override { return std::nullopt; }
    agency_notice read_callback(const agency_callback&, sys_seconds) const override { return {}; }

private:
    invitation_delivery& mailbox_;
};

}  // namespace samtal
