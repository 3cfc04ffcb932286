// Parts that several pages show: the error summary, the free times to choose from (grouped by
// day, marked where an advisor who speaks the parent's language is free), a labelled choice,
// and the unit a page is about.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "service/web/site.hpp"

namespace samtal {

// The error summary at the top and each field's first error next to it. Fields in
// `fields_on_page` get a link from the summary to the element with that id.
void add_errors(page_data& data, const message_catalog& messages, std::string_view language,
                const std::vector<field_error>& errors,
                const std::set<std::string_view>& fields_on_page);

// The free times of the next two weeks. `language` is asked for only when the unit offers it.
// Blocking: reads the bookings.
result<availability> upcoming_times(booking_service& bookings, const unit_config& unit,
                                    std::string_view language);

// On the booking form, the times where an advisor who speaks `language` is free are marked.
struct speaker_marks {
    const unit_config& unit;
    std::string language;  // empty: none chosen that the unit offers
};

// The free times grouped by day, as the radio buttons of _times.mustache. With `marks`, each
// time also says which languages an advisor free then speaks.
void add_times(page_data& data, const message_catalog& messages, std::string_view language,
               const availability& found, std::string_view chosen_start,
               const speaker_marks* marks = nullptr);

// A choice among fixed values (radio button or option), labelled from the catalogue.
page_data choice(std::string_view value, std::string label, bool chosen);

// The unit named by ?unit=, or the first configured unit; nullptr for an unknown one.
const unit_config* requested_unit(const std::vector<unit_config>& units, const request& req);

}  // namespace samtal
