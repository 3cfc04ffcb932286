#include "adapters/interpreters/email/email_agency.hpp"

namespace samtal {

outside_call_result email_agency::send(const agency_request& request, std::string&) {
    return mailbox_.deliver(request.invitation);
}

outside_call_result email_agency::withdraw(const agency_request& request) {
    return mailbox_.deliver(request.invitation);
}

}  // namespace samtal
