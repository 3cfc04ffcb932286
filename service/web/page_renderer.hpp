// Renders the parent's HTML pages from the mustache templates compiled into the binary: a
// page's own template inside the shared layout, with every text from the message catalogue of
// the page language. Values are HTML-escaped by the template library.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "service/i18n/messages.hpp"

// Declared here so that only the files that build page data pay for the template library's
// header.
namespace kainjow::mustache {
template <typename string_type>
class basic_data;
}  // namespace kainjow::mustache

namespace samtal {

using page_data = kainjow::mustache::basic_data<std::string>;

// The frame a page is rendered in: the parent's layout with every language, or another (the
// staff pages') with the languages it offers.
struct page_frame {
    std::string_view layout = "layout";
    std::vector<std::string_view> languages{};  // empty: every language with a catalogue
};

class page_renderer {
public:
    // Parses the layout, the pages and the partials (templates whose name starts with '_')
    // and prepares each language's texts; throws std::runtime_error naming a template that
    // is missing or malformed.
    explicit page_renderer(const message_catalog& messages);
    ~page_renderer();
    page_renderer(const page_renderer&) = delete;
    page_renderer& operator=(const page_renderer&) = delete;

    // The page `page` (templates/<page>.mustache) inside the layout, in `language`. Templates
    // see `data` (an object; its `title` names the page), `lang`, `dir`, the texts as
    // `t.<dotted key>`, and the language menu, whose links are `language_link` followed by a
    // language code (e.g. "/?lang=").
    std::string render(std::string_view page, std::string_view language,
                       std::string_view language_link, const page_data& data,
                       const page_frame& frame = {}) const;

private:
    struct state;
    std::unique_ptr<const state> state_;
};

}  // namespace samtal
