// The unit's audit log (/staff/audit): who changed which schedule, handed over or recorded
// which conversation, and each showing of a parent's contact data (never the value), newest
// first, as staff_service::audit_log reads it.
#include <algorithm>
#include <kainjow/mustache.hpp>

#include "service/staff_pages/staff_site.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

}  // namespace

void add_audit_page(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff/audit", 0, {"coordinator"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            const auto* unit = find_unit(site.web->units, session.who.unit);
            const auto& zone = site.web->bookings.zone_of(*unit);
            auto log = site.schedules.audit_log(session.who, session.who.unit);
            mustache::data rows(mustache::data::type::list);
            if (log)
                for (const auto& entry : log.value()) {
                    mustache::data row;
                    auto wall = to_local(date::floor<std::chrono::minutes>(entry.at), zone);
                    row.set("at", date::format("%F", date::floor<date::days>(wall)) + " " +
                                      clock_time(wall));
                    row.set("actor", entry.actor);
                    auto key = "audit_" + entry.action;
                    std::replace(key.begin(), key.end(), '.', '_');
                    auto action = staff_text(site, language, key);
                    row.set("action", action == "staff.page." + key ? entry.action : action);
                    row.set("subject", entry.subject);
                    rows.push_back(row);
                }
            mustache::data data;
            data.set("title", staff_text(site, language, "audit_heading"));
            data.set("has_entries", !rows.is_empty_list());
            data.set("entries", rows);
            return staff_page(site, req, http::status::ok, "staff_audit", language, std::move(data),
                              &session);
        }));
}

}  // namespace samtal
