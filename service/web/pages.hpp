// The parent's pages, one file each (form_page.cpp, confirmation_page.cpp, booking_page.cpp,
// move_page.cpp, cancel_page.cpp, unit_page.cpp, privacy_page.cpp, accessibility_page.cpp):
// the handlers routes.cpp binds, and the pages one page answers with another.
#pragma once

#include <string>
#include <string_view>

#include "service/web/site.hpp"

namespace samtal {

// ----- handlers (every call into the booking core runs on the blocking pool) -----

// GET /: the booking form.
void show_form(const site_ptr& site, request&& req, respond_fn respond);
// POST /book
void book(const site_ptr& site, request&& req, respond_fn respond);
// GET /booking: the form to type a code.
void show_find(const site_ptr& site, request&& req, respond_fn respond);
// POST /booking: the booking for a typed code.
void find_booking(const site_ptr& site, request&& req, respond_fn respond);
// POST /booking/move
void move_booking(const site_ptr& site, request&& req, respond_fn respond);
// POST /booking/cancel
void cancel_booking(const site_ptr& site, request&& req, respond_fn respond);
// POST /booking/calendar.ics
void calendar_file(const site_ptr& site, request&& req, respond_fn respond);
// POST /booking/feedback: the follow-up answers.
void give_feedback(const site_ptr& site, request&& req, respond_fn respond);
// GET /unit
void show_unit(const site_ptr& site, request&& req, respond_fn respond);
// GET /privacy
void show_privacy(const site_ptr& site, request&& req, respond_fn respond);
// GET /accessibility
void show_accessibility(const site_ptr& site, request&& req, respond_fn respond);

// ----- pages that other pages answer with -----

// After a booking is made: its code, what happens next and the booking's details.
response confirmation_page(const web_site& site, const request& req, const std::string& language,
                           const created_booking& created);

// The form to type a code; with `not_found`, the one answer for every code that finds nothing.
response find_page(const web_site& site, const request& req, std::string_view language,
                   std::string_view typed_code, bool not_found);

// A found booking with its actions; `moved` thanks for a move, `notice` says why an action
// could not be done. Blocking: a hosted meeting's link is read from the store.
response booking_page(const web_site& site, const request& req, std::string_view language,
                      const booking_record& booking, std::string_view code, http::status status,
                      bool moved, std::string notice = {});

// The follow-up questions while they may be answered, or thanks once they are. Blocking: it
// asks the store whether the code has answered.
void add_follow_up(page_data& data, const web_site& site, std::string_view language,
                   const booking_record& booking, std::string_view code);

// A booking as its parent may see it (_booking_details.mustache): never the contact data.
void add_booking_details(page_data& data, const web_site& site, std::string_view language,
                         const booking_record& booking);

}  // namespace samtal
