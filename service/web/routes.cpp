#include "service/web/routes.hpp"

#include "service/web/html_responses.hpp"
#include "service/web/pages.hpp"
#include "service/web/static_files.hpp"

namespace samtal {
namespace {

constexpr std::size_t k_booking_body_limit = 16 * 1024;
constexpr std::size_t k_small_body_limit = 4 * 1024;

}  // namespace

unknown_path_page add_web_routes(page_services services, router& routes) {
    auto site = std::make_shared<const web_site>(std::move(services));
    auto bind = [site](void (*handler)(const site_ptr&, request&&, respond_fn)) {
        return [site, handler](request&& req, respond_fn respond) {
            handler(site, std::move(req), std::move(respond));
        };
    };
    routes.add({http::verb::get, "/", 0, bind(show_form)});
    auto refuse = too_many_requests_page(site);
    routes.add({http::verb::post, "/book", k_booking_body_limit, bind(book), client_limit::booking,
                refuse});
    routes.add({http::verb::get, "/booking", 0, bind(show_find)});
    // Every route that takes a booking code: a wrong one costs the client that typed it.
    routes.add({http::verb::post, "/booking", k_small_body_limit, bind(find_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/cancel", k_small_body_limit, bind(cancel_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/move", k_small_body_limit, bind(move_booking),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/calendar.ics", k_small_body_limit, bind(calendar_file),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::post, "/booking/feedback", k_small_body_limit, bind(give_feedback),
                client_limit::code_lookup, refuse});
    routes.add({http::verb::get, "/unit", 0, bind(show_unit)});
    routes.add({http::verb::get, "/privacy", 0, bind(show_privacy)});
    routes.add({http::verb::get, "/accessibility", 0, bind(show_accessibility)});
    add_static_files(routes);
    // A browser that follows a broken link gets a page with a way back, not JSON.
    return [site](const request& req) -> std::optional<response> {
        if (req[http::field::accept].find("text/html") == std::string_view::npos)
            return std::nullopt;
        return error_page(*site, req, site->language_of(req), http::status::not_found, "not_found");
    };
}

}  // namespace samtal
