// The message catalogues: every text a parent reads, one TOML file per language under
// i18n/messages/, compiled into the binary. Adding a language is adding a file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace samtal {

class message_catalog {
public:
    // The catalogues compiled into the binary; throws when one is malformed or lacks a key the
    // default language has.
    static message_catalog embedded();

    // Builds from (language code, TOML text) pairs; the first is the default language.
    static message_catalog from_files(
        const std::vector<std::pair<std::string, std::string>>& files);

    // Language codes that have a catalogue, default first.
    const std::vector<std::string>& languages() const { return languages_; }
    const std::string& default_language() const { return languages_.front(); }
    bool has_language(std::string_view language) const;

    // The text for a dotted key ("form.title") in a language, falling back to the default
    // language, then to the key itself.
    const std::string& text(std::string_view language, std::string_view key) const;

    // All texts of a language (with the default language's for keys it lacks), for templates.
    const std::map<std::string, std::string, std::less<>>& texts(std::string_view language) const;

    // The page language: an explicit choice (?lang= or a form field) if it has a catalogue,
    // then the best Accept-Language match, then the default.
    std::string negotiate(std::string_view chosen, std::string_view accept_language) const;

    // The text for a field error: "error.<field>.<code>" if present, else "error.<code>".
    const std::string& field_error(std::string_view language, std::string_view field,
                                   std::string_view code) const;

private:
    std::vector<std::string> languages_;
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> texts_;
};

// `text` as it begins a sentence or a list entry: its first letter in upper case by the rules
// of `language`, the rest as it is. Names are written in the catalogues as they read
// mid-sentence ("tolk på somaliska"), so that a list shows "Somaliska" and a sentence does not.
std::string capitalised(std::string_view text, std::string_view language);

// Replaces each "{name}" in `text` with its value.
std::string fill(std::string text, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace samtal
