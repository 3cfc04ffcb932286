#include "service/i18n/messages.hpp"

#include <toml++/toml.h>
#include <unicode/locid.h>
#include <unicode/stringoptions.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <stdexcept>

#include "service/embedded_files.hpp"

namespace samtal {
namespace {

constexpr std::string_view k_message_prefix = "service/i18n/messages/";
constexpr std::string_view k_default_language = "sv";

void flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string, std::less<>>& out, const std::string& file) {
    for (auto&& [key, node] : table) {
        auto name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* sub = node.as_table()) {
            flatten(*sub, name, out, file);
        } else if (auto text = node.value<std::string>()) {
            out[name] = *text;
        } else {
            throw std::runtime_error(file + ": " + name + ": expected a string");
        }
    }
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

}  // namespace

message_catalog message_catalog::from_files(
    const std::vector<std::pair<std::string, std::string>>& files) {
    message_catalog catalog;
    for (const auto& [language, text] : files) {
        toml::table table;
        try {
            table = toml::parse(text, language + ".toml");
        } catch (const toml::parse_error& error) {
            throw std::runtime_error(language + ".toml: " + std::string(error.description()));
        }
        flatten(table, "", catalog.texts_[language], language + ".toml");
        catalog.languages_.push_back(language);
    }
    if (catalog.languages_.empty()) throw std::runtime_error("no message catalogues");
    // Every language answers every key: missing ones fall back to the default language.
    const auto& defaults = catalog.texts_.at(catalog.languages_.front());
    for (auto& [language, texts] : catalog.texts_)
        for (const auto& [key, value] : defaults) texts.try_emplace(key, value);
    return catalog;
}

message_catalog message_catalog::embedded() {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [path, text] : embedded_files()) {
        if (!path.starts_with(k_message_prefix) || !path.ends_with(".toml")) continue;
        auto language = std::string(
            path.substr(k_message_prefix.size(), path.size() - k_message_prefix.size() - 5));
        files.emplace_back(language, std::string(text));
    }
    std::stable_partition(files.begin(), files.end(),
                          [](const auto& f) { return f.first == k_default_language; });
    return from_files(files);
}

bool message_catalog::has_language(std::string_view language) const {
    return texts_.find(language) != texts_.end();
}

const std::string& message_catalog::text(std::string_view language, std::string_view key) const {
    const auto& table = texts(language);
    if (auto found = table.find(key); found != table.end()) return found->second;
    static const std::string missing = "?";
    return missing;
}

const std::map<std::string, std::string, std::less<>>& message_catalog::texts(
    std::string_view language) const {
    auto found = texts_.find(language);
    if (found == texts_.end()) found = texts_.find(default_language());
    return found->second;
}

std::string message_catalog::negotiate(std::string_view chosen,
                                       std::string_view accept_language) const {
    if (!chosen.empty() && has_language(lower(chosen))) return lower(chosen);
    // Accept-Language: "ar-SE,ar;q=0.9,en;q=0.5": the highest q whose primary tag we have.
    std::string best;
    double best_q = 0;
    std::size_t pos = 0;
    while (pos < accept_language.size() && pos < 512) {
        auto end = accept_language.find(',', pos);
        auto item = accept_language.substr(
            pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? accept_language.size() : end + 1;
        auto semicolon = item.find(';');
        auto tag = item.substr(0, semicolon);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        double q = 1.0;
        if (semicolon != std::string_view::npos) {
            auto params = item.substr(semicolon + 1);
            auto q_at = params.find("q=");
            if (q_at != std::string_view::npos) {
                try {
                    q = std::stod(std::string(params.substr(q_at + 2, 5)));
                } catch (const std::exception&) {
                    q = 0;
                }
            }
        }
        auto primary = lower(tag.substr(0, tag.find('-')));
        if (q > best_q && has_language(primary)) {
            best = primary;
            best_q = q;
        }
    }
    return best.empty() ? default_language() : best;
}

std::string capitalised(std::string_view text, std::string_view language) {
    auto unicode =
        icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
    // The whole text as one word: only its first letter changes ("af-Soomaali").
    unicode.toTitle(nullptr, icu::Locale(std::string(language).c_str()),
                    U_TITLECASE_WHOLE_STRING | U_TITLECASE_NO_LOWERCASE);
    std::string out;
    return unicode.toUTF8String(out);
}

const std::string& message_catalog::field_error(std::string_view language, std::string_view field,
                                                std::string_view code) const {
    const auto& table = texts(language);
    auto specific = "error." + std::string(field) + "." + std::string(code);
    if (auto found = table.find(specific); found != table.end()) return found->second;
    return text(language, "error." + std::string(code));
}

std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        auto placeholder = "{" + name + "}";
        for (auto at = text.find(placeholder); at != std::string::npos;
             at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

}  // namespace samtal
