// The unit's statistics for managers and coordinators (GET /api/v1/staff/statistics and the
// same as CSV, GET /api/v1/staff/statistics.csv): counts per ISO week, month or year, one
// dimension at a time, small counts hidden (core/statistics.hpp).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <memory>

#include "service/api/handlers.hpp"
#include "service/api/json_io.hpp"
#include "service/api/staff_answers.hpp"
#include "service/http/request_fields.hpp"

namespace samtal {
namespace {

// A hidden count is the text "<3"; nothing else in the answer is ever a string of a number.
boost::json::value count_json(const shown_count& count) {
    if (count.hidden) return boost::json::string("<" + std::to_string(k_smallest_shown));
    return count.value;
}

boost::json::object counts_json(const shown_counts& counts) {
    boost::json::object out;
    for (const auto& [value, count] : counts) out[value] = count_json(count);
    return out;
}

std::string day_text(const date::year_month_day& day) { return date::format("%F", day); }

boost::json::object period_json(const statistics_period& period) {
    boost::json::object out{{"period", period.name},
                            {"from", day_text(period.first_day)},
                            {"to", day_text(period.last_day)},
                            {"bookings", count_json(period.bookings)},
                            {"held", count_json(period.held)},
                            {"not_reached", count_json(period.not_reached)},
                            {"cancelled", count_json(period.cancelled)}};
    for (auto dimension : k_statistics_dimensions) {
        auto found = period.by_dimension.find(std::string(dimension));
        out[dimension] =
            found == period.by_dimension.end() ? boost::json::object{} : counts_json(found->second);
    }
    boost::json::object feedback;
    for (const auto& [question, counts] : period.feedback) feedback[question] = counts_json(counts);
    out["feedback"] = std::move(feedback);
    return out;
}

response csv_response(std::string body, const request& req) {
    response res{http::status::ok, req.version()};
    res.set(http::field::content_type, "text/csv; charset=utf-8");
    res.set(http::field::content_disposition, "attachment; filename=\"statistics.csv\"");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

}  // namespace

// The statistics answered at `path`, as `render` writes them, the same query and roles for
// every format.
using statistics_render =
    std::function<reply(const unit_config&, const statistics_query&,
                        const std::vector<statistics_period>&, const request&)>;

void add_statistics_route(std::string path, std::shared_ptr<const statistics_services> api,
                          statistics_render render, router& routes) {
    routes.add(staff_route(
        http::verb::get, std::move(path), 0, {"manager", "coordinator"}, api->staff, api->problems,
        [api, render](request&& req, respond_fn respond, const staff_identity& who) {
            statistics_query query{query_parameter(req.target(), "from"),
                                   query_parameter(req.target(), "to"),
                                   query_parameter(req.target(), "by")};
            api->run_blocking(req, respond, [api, render, req, who, query]() -> reply {
                auto unit_id = requested_unit(req, who);
                const auto* unit = find_unit(api->units, unit_id);
                if (!unit) return api->problems(problem_kind::not_found, req);
                auto periods = unit_statistics(*unit, query, api->statistics);
                if (!periods) return staff_problem(api->problems, periods.error(), req);
                return render(*unit, query, periods.value(), req);
            });
        }));
}

void add_statistics_routes(statistics_services services, router& routes) {
    auto api = std::make_shared<const statistics_services>(std::move(services));
    add_statistics_route(
        "/api/v1/staff/statistics", api,
        [](const unit_config& unit, const statistics_query& query,
           const std::vector<statistics_period>& periods, const request& req) -> reply {
            boost::json::array out;
            for (const auto& period : periods) out.push_back(period_json(period));
            return json_response(http::status::ok,
                                 boost::json::object{{"unit", unit.id},
                                                     {"by", query.by.empty() ? "month" : query.by},
                                                     {"smallest_shown", k_smallest_shown},
                                                     {"periods", std::move(out)}},
                                 req);
        },
        routes);
    add_statistics_route(
        "/api/v1/staff/statistics.csv", api,
        [](const unit_config&, const statistics_query&,
           const std::vector<statistics_period>& periods,
           const request& req) -> reply { return csv_response(statistics_csv_text(periods), req); },
        routes);
}

}  // namespace samtal
