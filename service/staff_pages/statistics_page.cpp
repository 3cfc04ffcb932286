// The unit's statistics for managers and coordinators (/staff/statistics): a form for the
// time and the period, charts drawn on the server (statistics_chart.hpp) each with its numbers
// in a table, and the same numbers as CSV (/staff/statistics.csv, for the signed-in browser;
// the API has its own at /api/v1/staff/statistics.csv). Counts of 1 or 2 show as "<3".
#include <kainjow/mustache.hpp>
#include <set>

#include "service/core/statistics.hpp"
#include "service/http/request_fields.hpp"
#include "service/staff_pages/staff_site.hpp"
#include "service/staff_pages/statistics_chart.hpp"
#include "service/web/page_text.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

const std::vector<std::string> k_statistics_roles{"manager", "coordinator"};

std::string text(const staff_site& site, std::string_view language, std::string_view key) {
    return site.web->messages.text(language, "staff.page.statistics_" + std::string(key));
}

std::string count_text(const shown_count& count) {
    return count.hidden ? "<" + std::to_string(k_smallest_shown) : std::to_string(count.value);
}

// The query the page was asked, with this year up to today when it names no time.
statistics_query query_of(const staff_site& site, const request& req, const unit_config& unit) {
    statistics_query query{query_parameter(req.target(), "from"),
                           query_parameter(req.target(), "to"),
                           query_parameter(req.target(), "by")};
    if (query.by.empty()) query.by = "month";
    if (query.from.empty() && query.to.empty()) {
        auto today = date::year_month_day{date::floor<date::days>(
            to_local(date::floor<std::chrono::minutes>(site.web->bookings.now()),
                     site.web->bookings.zone_of(unit)))};
        query.from = date::format("%F", date::year_month_day{today.year() / 1 / 1});
        query.to = date::format("%F", today);
    }
    return query;
}

// A query the statistics took (dates and a period name, nothing to encode) as a link's.
std::string query_string(const statistics_query& query, std::string_view language) {
    return "from=" + query.from + "&to=" + query.to + "&by=" + query.by +
           "&lang=" + std::string(language);
}

// A chart and its table: one group of bars (and one table row) per period, one bar (and one
// column) per value.
mustache::data chart_data(const bar_chart& chart, const std::string& empty_text,
                          const std::vector<std::string>& column_labels,
                          const std::vector<std::pair<std::string, std::vector<std::string>>>& rows,
                          const std::string& first_column) {
    mustache::data out;
    out.set("id", chart.id);
    out.set("title", chart.title);
    out.set("svg", bar_chart_svg(chart, empty_text));
    out.set("first_column", first_column);
    mustache::data columns(mustache::data::type::list);
    for (const auto& label : column_labels) columns.push_back(mustache::data("label", label));
    out.set("columns", columns);
    mustache::data table_rows(mustache::data::type::list);
    for (const auto& [label, cells] : rows) {
        mustache::data row;
        row.set("label", label);
        mustache::data row_cells(mustache::data::type::list);
        for (const auto& cell : cells) row_cells.push_back(mustache::data("text", cell));
        row.set("cells", row_cells);
        table_rows.push_back(row);
    }
    out.set("rows", table_rows);
    return out;
}

// The chart of one dimension (or one question's answers) over the periods.
mustache::data dimension_chart(
    const staff_site& site, std::string_view language, std::string id, std::string title,
    const std::vector<statistics_period>& periods,
    const std::function<const shown_counts*(const statistics_period&)>& counts_of,
    const std::vector<std::string>& known_order,
    const std::function<std::string(const std::string&)>& label_of) {
    // The values in their known order, then any other in the order of their names.
    std::vector<std::string> values = known_order;
    std::set<std::string> seen;
    for (const auto& period : periods)
        if (const auto* counts = counts_of(period))
            for (const auto& [value, count] : *counts) seen.insert(value);
    std::erase_if(values, [&](const std::string& v) { return !seen.count(v); });
    for (const auto& value : seen)
        if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
    std::vector<std::string> labels;
    for (const auto& value : values) labels.push_back(label_of(value));

    bar_chart chart{std::move(id), std::move(title), 0, {}};
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    for (const auto& period : periods) {
        const auto* counts = counts_of(period);
        chart_group group{period.name, {}};
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < values.size(); ++i) {
            shown_count count;
            if (counts) {
                auto found = counts->find(values[i]);
                if (found != counts->end()) count = found->second;
            }
            auto shown = count_text(count);
            cells.push_back(shown);
            if (count.value > 0)
                group.bars.push_back({labels[i], count.hidden ? 0.0 : double(count.value), shown});
        }
        if (!group.bars.empty()) chart.groups.push_back(std::move(group));
        rows.emplace_back(period.name, std::move(cells));
    }
    return chart_data(chart, text(site, language, "no_data"), labels, rows,
                      text(site, language, "period"));
}

// The share of fathers among the parents who said their role, per period. A share is only
// worked out where no role's count is hidden: otherwise it would give the hidden one away.
mustache::data fathers_chart(const staff_site& site, std::string_view language,
                             const std::vector<statistics_period>& periods) {
    bar_chart chart{"fathers", text(site, language, "fathers"), 100, {}};
    chart_group group{"", {}};
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    for (const auto& period : periods) {
        auto found = period.by_dimension.find("parent_role");
        shown_count fathers;
        std::int64_t with_role = 0;
        bool any_hidden = false;
        if (found != period.by_dimension.end())
            for (const auto& [role, count] : found->second) {
                if (role == "unspecified") continue;
                if (role == "father") fathers = count;
                with_role += count.value;
                any_hidden = any_hidden || count.hidden;
            }
        std::string share = "–";
        if (with_role > 0 && any_hidden) {
            share = text(site, language, "share_hidden");
            group.bars.push_back({period.name, 0, share});
        } else if (with_role > 0) {
            auto percent = double(fathers.value) * 100.0 / double(with_role);
            share = std::to_string(int(percent + 0.5)) + " %";
            group.bars.push_back({period.name, percent, share});
        }
        rows.emplace_back(period.name,
                          std::vector<std::string>{
                              count_text(fathers),
                              any_hidden ? std::string("–") : std::to_string(with_role), share});
    }
    if (!group.bars.empty()) chart.groups.push_back(std::move(group));
    return chart_data(chart, text(site, language, "no_data"),
                      {text(site, language, "fathers_count"), text(site, language, "with_role"),
                       text(site, language, "share")},
                      rows, text(site, language, "period"));
}

reply statistics_page(const staff_site& site, const request& req, const staff_session_view& session,
                      const std::string& language) {
    const auto* unit = find_unit(site.web->units, session.who.unit);
    if (!unit) {
        mustache::data notice;
        notice.set("title", text(site, language, "heading"));
        notice.set("message", text(site, language, "no_unit"));
        return staff_page(site, req, http::status::not_found, "staff_notice", language,
                          std::move(notice), &session);
    }
    auto query = query_of(site, req, *unit);
    mustache::data data;
    auto heading = text(site, language, "heading");
    data.set("title", heading);
    data.set("heading", heading);
    data.set("from", query.from);
    data.set("to", query.to);
    mustache::data choices(mustache::data::type::list);
    for (const auto* by : {"week", "month", "year"}) {
        mustache::data choice;
        choice.set("value", by);
        choice.set("label", text(site, language, std::string("by_") + by));
        choice.set("selected", query.by == by);
        choices.push_back(choice);
    }
    data.set("choices", choices);
    auto periods = unit_statistics(*unit, query, *site.statistics);
    if (!periods) {
        std::string reasons;
        for (const auto& field : periods.error().fields)
            reasons += (reasons.empty() ? "" : ", ") + field.field + ": " + field.code;
        data.set("refused", fill(text(site, language, "refused"), {{"reason", reasons}}));
        return staff_page(site, req, http::status::unprocessable_entity, "staff_statistics",
                          language, std::move(data), &session);
    }
    data.set("csv_href", "/staff/statistics.csv?" + query_string(query, language));
    const auto& messages = site.web->messages;
    auto dimension = [](std::string name) {
        return [name](const statistics_period& p) -> const shown_counts* {
            auto found = p.by_dimension.find(name);
            return found == p.by_dimension.end() ? nullptr : &found->second;
        };
    };
    auto named = [&](std::string prefix) {
        return [&messages, &language, prefix](const std::string& value) {
            auto label = name_of(messages, language, prefix, value);
            if (!label.empty() && label[0] >= 'a' && label[0] <= 'z')
                label[0] = char(label[0] - 'a' + 'A');
            return label;
        };
    };
    mustache::data charts(mustache::data::type::list);
    charts.push_back(dimension_chart(site, language, "channel", text(site, language, "by_channel"),
                                     periods.value(), dimension("channel"), {"phone", "video"},
                                     named("channel")));
    charts.push_back(fathers_chart(site, language, periods.value()));
    charts.push_back(dimension_chart(
        site, language, "language", text(site, language, "languages"), periods.value(),
        dimension("language"), {"none"}, [&](const std::string& value) {
            return value == "none" ? text(site, language, "language_none")
                                   : named("language")(value);
        }));
    charts.push_back(dimension_chart(
        site, language, "interpreter", text(site, language, "interpreter"), periods.value(),
        dimension("interpreter"),
        {"not_asked", "advisor_spoke_it", "interpreter_confirmed", "interpreter_not_confirmed"},
        [&](const std::string& value) { return text(site, language, "interpreter_" + value); }));
    for (auto question : k_follow_up_questions) {
        std::string name(question);
        charts.push_back(dimension_chart(
            site, language, "feedback-" + name,
            fill(text(site, language, "feedback"),
                 {{"question", messages.text(language, "follow_up." + name)}}),
            periods.value(),
            [name](const statistics_period& p) -> const shown_counts* {
                auto found = p.feedback.find(name);
                return found == p.feedback.end() ? nullptr : &found->second;
            },
            {"1", "2", "3", "4", "5", "dont_know"},
            [&](const std::string& value) {
                return value == "dont_know" ? messages.text(language, "follow_up.dont_know")
                                            : value;
            }));
    }
    data.set("charts", charts);
    return staff_page(site, req, http::status::ok, "staff_statistics", language, std::move(data),
                      &session);
}

}  // namespace

void add_statistics_pages(const staff_site_ptr& site, router& routes) {
    routes.add(staff_page_route(
        http::verb::get, "/staff/statistics", 0, k_statistics_roles, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language,
           const form_fields&) -> reply { return statistics_page(site, req, session, language); }));
    // The same numbers as the page, as the API's CSV writes them, for the signed-in browser.
    routes.add(staff_page_route(
        http::verb::get, "/staff/statistics.csv", 0, k_statistics_roles, site,
        [](const staff_site& site, const request& req, const staff_session_view& session,
           const std::string& language, const form_fields&) -> reply {
            const auto* unit = find_unit(site.web->units, session.who.unit);
            if (!unit) return statistics_page(site, req, session, language);
            auto periods = unit_statistics(*unit, query_of(site, req, *unit), *site.statistics);
            if (!periods) return statistics_page(site, req, session, language);
            response res{http::status::ok, req.version()};
            res.set(http::field::content_type, "text/csv; charset=utf-8");
            res.set(http::field::content_disposition, "attachment; filename=\"statistics.csv\"");
            res.set(http::field::cache_control, "no-store");
            res.keep_alive(req.keep_alive());
            res.body() = statistics_csv_text(periods.value());
            res.prepare_payload();
            return res;
        }));
}

}  // namespace samtal
