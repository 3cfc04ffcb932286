// The guard in front of every form post: the body must be one of our urlencoded forms, sent
// from a page of ours (Sec-Fetch-Site/Origin) with a valid token for that form (CSRF
// protection without cookies). A refused post gets an error page and changes nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/web/form_body.hpp"
#include "service/web/site.hpp"

namespace samtal {

// The fields of a form post to `action`, or nullopt after answering the error page for a body
// that is not one of our forms, or a post that did not come from a page of ours.
std::optional<form_fields> read_form(const web_site& site, const request& req,
                                     const respond_fn& respond, std::string_view action);

// A posted page's language: the form's hidden `lang` field, then Accept-Language.
std::string post_language(const web_site& site, const request& req, const form_fields& fields);

// A form's fields as service/edge/booking_request_reader.hpp reads them: a checkbox or a
// yes/no radio button is "yes" or "on" when set.
class form_reader {
public:
    explicit form_reader(const form_fields& fields) : fields_(fields) {}
    std::string text(std::string_view name) const { return form_value(fields_, name); }
    bool flag(std::string_view name) const {
        auto value = form_value(fields_, name);
        return value == "yes" || value == "on";
    }

private:
    const form_fields& fields_;
};

}  // namespace samtal
