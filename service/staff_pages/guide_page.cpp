// The staff guide (/staff/guide), in Swedish and English, open without signing in: how to sign
// in, report an absence, hand a conversation over and answer an interpreter request, and what
// the parent's privacy means for what staff see and write down.
#include <kainjow/mustache.hpp>

#include "service/staff_pages/staff_site.hpp"
#include "service/web/html_responses.hpp"

namespace samtal {

void add_guide_page(const staff_site_ptr& site, router& routes) {
    routes.add({http::verb::get, "/staff/guide", 0, [site](request&& req, respond_fn respond) {
                    auto language = staff_language(*site, req, "");
                    run_page(site->web, req, std::move(respond), language,
                             [site, language, id = session_id_of(req)](const request& req) {
                                 // Signed in, the page keeps the navigation and sign-out.
                                 auto session =
                                     id.empty() ? std::nullopt : site->accounts.session(id);
                                 kainjow::mustache::data data;
                                 data.set("title", staff_text(*site, language, "guide_heading"));
                                 return reply(staff_page(*site, req, http::status::ok,
                                                         "staff_guide", language, std::move(data),
                                                         session ? &*session : nullptr));
                             });
                }});
}

}  // namespace samtal
