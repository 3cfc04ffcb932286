// Delivery and call problems (/staff/problems): what GET /api/v1/staff/deliveries and
// /api/v1/staff/conference-calls list, for people. Invitations and calls are named by their
// advisor, interpreter request and status only: nothing that could identify a parent.
#include <kainjow/mustache.hpp>

#include "service/core/interpreter_request.hpp"
#include "service/core/wall_time.hpp"
#include "service/staff_pages/staff_site.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr int k_problems_listed = 200;

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return staff_text(site, language, key);
}

mustache::data counts_of(const std::map<std::string, std::int64_t>& counts) {
    mustache::data list(mustache::data::type::list);
    for (const auto& [status, count] : counts) {
        mustache::data item;
        item.set("status", status);
        item.set("count", std::to_string(count));
        list.push_back(item);
    }
    return list;
}

}  // namespace

void add_problems_page(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff/problems", 0, {"operator", "manager"}, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            mustache::data deliveries(mustache::data::type::list);
            for (const auto& message : site.outbox.problems(k_problems_listed)) {
                mustache::data row;
                row.set("method", std::string(method_name(message.method)));
                row.set("recipient", message.interpreter_request
                                         ? fill(text(site, language, "to_agency"),
                                                {{"reference", interpreter_reference_of(
                                                                   message.interpreter_request)}})
                                         : message.advisor);
                row.set("status", message.status);
                row.set("attempts", std::to_string(message.attempts));
                row.set("last_error", message.last_error);
                deliveries.push_back(row);
            }
            mustache::data calls(mustache::data::type::list);
            for (const auto& job : site.dial_jobs.problems(k_problems_listed)) {
                mustache::data row;
                row.set("due_at",
                        format_utc(sys_seconds{std::chrono::seconds{job.due_at_ms / 1000}},
                                   "%Y-%m-%d %H:%M UTC"));
                row.set("status", job.status);
                row.set("attempts", std::to_string(job.attempts));
                row.set("dialled", job.dialled.empty() ? std::string("–") : job.dialled);
                row.set("last_error", job.last_error);
                calls.push_back(row);
            }
            mustache::data data;
            data.set("title", text(site, language, "problems_heading"));
            data.set("has_deliveries", !deliveries.is_empty_list());
            data.set("deliveries", deliveries);
            data.set("delivery_counts", counts_of(site.outbox.counts()));
            data.set("has_calls", !calls.is_empty_list());
            data.set("calls", calls);
            data.set("call_counts", counts_of(site.dial_jobs.counts()));
            return staff_page(site, req, http::status::ok, "staff_problems", language,
                              std::move(data), &session);
        }));
}

}  // namespace samtal
