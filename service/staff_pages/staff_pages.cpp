#include "service/staff_pages/staff_pages.hpp"

#include "service/staff_pages/staff_site.hpp"

namespace samtal {

void add_staff_pages(page_services parent, staff_page_services staff, router& routes) {
    auto site = std::make_shared<const staff_site>(
        staff_site{std::make_shared<const web_site>(std::move(parent)), staff.accounts,
                   staff.schedules, staff.oidc, staff.pending, staff.interpreters, staff.outbox,
                   staff.dial_jobs, &staff.statistics, &routes});
    add_signin_pages(site, routes);
    add_provider_signin(site, routes);
    add_day_pages(site, routes);
    add_advisor_pages(site, routes);
    add_handover_page(site, routes);
    add_interpreter_page(site, routes);
    add_problems_page(site, routes);
    add_audit_page(site, routes);
    add_guide_page(site, routes);
    add_statistics_pages(site, routes);
}

}  // namespace samtal
