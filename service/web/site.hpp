// What the parent's pages need from the rest of the service (page_services, handed in by the
// wiring), and the site every page handler shares: those services and the templates.
#pragma once

#include <memory>
#include <string>

#include "service/core/booking_service.hpp"
#include "service/core/follow_up.hpp"
#include "service/edge/parent_calendar_file.hpp"
#include "service/edge/request_language.hpp"
#include "service/http/access_log.hpp"
#include "service/http/answer_cache.hpp"
#include "service/http/blocking_work.hpp"
#include "service/http/metrics.hpp"
#include "service/i18n/messages.hpp"
#include "service/web/form_token.hpp"
#include "service/web/page_renderer.hpp"

namespace samtal {

struct page_services {
    const std::vector<unit_config>& units;  // with their sites and contacts
    const advisor_roster& roster;           // who works when, as staff last changed it
    booking_service& bookings;
    follow_up_service& follow_ups;  // the parent's answers after the conversation
    const message_catalog& messages;
    // Signs and checks the hidden token in every form (CSRF protection without cookies).
    const form_token_signer& form_tokens;
    const parent_calendar_files& calendars;
    // The booking form as GET / shows it, per unit and language, kept until the bookings
    // change or the minute turns.
    answer_cache& form_pages;
    metrics& stats;
    access_log& log;
    run_blocking_fn run_blocking;
};

struct web_site : page_services {
    // Loads the templates; throws when one is missing or malformed.
    explicit web_site(page_services services)
        : page_services(std::move(services)), pages(messages) {}

    // The language a request for a page asks for (?lang=, then Accept-Language).
    std::string language_of(const request& req) const { return request_language(messages, req); }

    page_renderer pages;
};
using site_ptr = std::shared_ptr<const web_site>;

}  // namespace samtal
