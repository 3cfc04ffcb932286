// Template loading and rendering for the parent's pages (kainjow mustache).
#include "service/web/page_renderer.hpp"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <stdexcept>

#include "service/embedded_files.hpp"

namespace samtal {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view k_template_prefix = "service/web/templates/";
constexpr std::string_view k_template_suffix = ".mustache";
constexpr std::string_view k_layout = "layout";

// The flat "form.channel.legend" keys as nested objects, so that templates can say
// {{t.form.channel.legend}} (mustache resolves dotted names one object at a time).
mustache::data nested_texts(const std::map<std::string, std::string, std::less<>>& texts) {
    mustache::data root;
    for (const auto& [key, text] : texts) {
        auto* node = &root;
        std::string_view rest = key;
        for (auto dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.')) {
            node = &(*node)[std::string(rest.substr(0, dot))];
            rest.remove_prefix(dot + 1);
        }
        (*node)[std::string(rest)] = mustache::data(text);
    }
    return root;
}

}  // namespace

struct page_renderer::state {
    std::map<std::string, mustache::mustache, std::less<>> pages;
    // Partials are handed to mustache as strings: it parses them when it meets {{> name}}.
    mustache::data partials;
    struct language_texts {
        mustache::data texts;  // {"t": nested texts, "lang": ..., "dir": ...}
        std::string name;      // the language's own name, for the menu
        std::string dir;
    };
    std::map<std::string, language_texts, std::less<>> languages;
    std::vector<std::string> language_order;
    std::string default_language;
};

page_renderer::page_renderer(const message_catalog& messages) {
    auto loaded = std::make_unique<state>();
    for (const auto& [path, text] : embedded_files()) {
        if (!path.starts_with(k_template_prefix) || !path.ends_with(k_template_suffix)) continue;
        auto name = std::string(
            path.substr(k_template_prefix.size(),
                        path.size() - k_template_prefix.size() - k_template_suffix.size()));
        mustache::mustache parsed{std::string(text)};
        if (!parsed.is_valid())
            throw std::runtime_error(std::string(path) + ": " + parsed.error_message());
        if (name.starts_with('_')) {
            loaded->partials.set(name, mustache::data(std::string(text)));
        } else {
            loaded->pages.emplace(std::move(name), std::move(parsed));
        }
    }
    if (!loaded->pages.contains(k_layout))
        throw std::runtime_error(std::string(k_template_prefix) + std::string(k_layout) +
                                 ".mustache is missing");

    for (const auto& language : messages.languages()) {
        state::language_texts entry;
        entry.name = messages.text(language, "language_name");
        entry.dir = messages.text(language, "dir") == "rtl" ? "rtl" : "ltr";
        entry.texts.set("t", nested_texts(messages.texts(language)));
        entry.texts.set("lang", mustache::data(language));
        entry.texts.set("dir", mustache::data(entry.dir));
        loaded->languages.emplace(language, std::move(entry));
        loaded->language_order.push_back(language);
    }
    loaded->default_language = messages.default_language();
    state_ = std::move(loaded);
}

page_renderer::~page_renderer() = default;

std::string page_renderer::render(std::string_view page, std::string_view language,
                                  std::string_view language_link, const page_data& data,
                                  const page_frame& frame_of_page) const {
    auto found_page = state_->pages.find(page);
    if (found_page == state_->pages.end() || page.ends_with(k_layout))
        throw std::logic_error("no page template named " + std::string(page));
    auto found_language = state_->languages.find(language);
    if (found_language == state_->languages.end())
        found_language = state_->languages.find(state_->default_language);
    const auto& texts = found_language->second.texts;

    // Rendering is done on a copy: the library's render() is not const, and pages are
    // rendered from several threads at once.
    auto body_template = found_page->second;
    mustache::context<std::string> body_context(&state_->partials);
    body_context.push(&texts);
    body_context.push(&data);
    auto body = body_template.render(body_context);
    if (!body_template.is_valid())
        throw std::runtime_error(std::string(page) + ": " + body_template.error_message());

    mustache::data menu(mustache::data::type::list);
    for (const auto& code : state_->language_order) {
        const auto& offered = frame_of_page.languages;
        if (!offered.empty() && std::find(offered.begin(), offered.end(), code) == offered.end())
            continue;
        const auto& entry = state_->languages.at(code);
        mustache::data item;
        item.set("code", code);
        item.set("name", entry.name);
        item.set("dir", entry.dir);
        item.set("href", std::string(language_link) + code);
        item.set("current", code == found_language->first);
        menu.push_back(item);
    }
    mustache::data frame;
    // The body is HTML this renderer has just produced with every value escaped.
    frame.set("body", body);
    frame.set("languages", menu);

    auto layout = state_->pages.at(std::string(frame_of_page.layout));
    mustache::context<std::string> layout_context(&state_->partials);
    layout_context.push(&texts);
    layout_context.push(&data);
    layout_context.push(&frame);
    auto html = layout.render(layout_context);
    if (!layout.is_valid()) throw std::runtime_error("layout: " + layout.error_message());
    return html;
}

}  // namespace samtal
