// The staff side in the browser (/staff/...): sign-in with an account of one's own, the week's
// conversations, advisors' schedules and absences, handovers and outcomes, interpreter requests,
// delivery problems, the audit log and the staff guide. Server-rendered like the parent's pages,
// working without JavaScript, in Swedish and English. Each page names the roles that may see it
// in the router's table; a session cookie says who is signed in.
#pragma once

#include "service/core/statistics.hpp"
#include "service/http/router.hpp"
#include "service/interpreters/interpreter_service.hpp"
#include "service/signin/oidc_client.hpp"
#include "service/staff/staff_accounts.hpp"
#include "service/staff/staff_service.hpp"
#include "service/store/dial_job_store.hpp"
#include "service/store/outbox_store.hpp"
#include "service/web/site.hpp"

namespace samtal {

struct staff_page_services {
    staff_accounts& accounts;
    staff_service& schedules;
    // Sign-in through the municipality's identity provider; nullptr when none is configured.
    oidc_client* oidc;
    pending_signins& pending;
    interpreter_service& interpreters;
    // The delivery and call problems (/staff/problems), as /api/v1/staff/deliveries and
    // /api/v1/staff/conference-calls list them.
    outbox_store& outbox;
    dial_job_store& dial_jobs;
    // The counts for the statistics page (service/store/statistics_store).
    statistics_repository& statistics;
};

void add_staff_pages(page_services parent, staff_page_services staff, router& routes);

}  // namespace samtal
