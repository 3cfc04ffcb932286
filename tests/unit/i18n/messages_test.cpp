#include "service/i18n/messages.hpp"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <functional>
#include <regex>
#include <set>

#include "service/embedded_files.hpp"

namespace samtal {
namespace {

message_catalog two_languages() {
    return message_catalog::from_files(
        {{"sv",
          "title = \"Boka\"\n[error]\nrequired = \"Fyll i\"\n[error.phone]\n"
          "required = \"Skriv numret\"\n"},
         {"en", "title = \"Book\"\n"}});
}

TEST(message_catalog, falls_back_to_the_default_language) {
    auto catalog = two_languages();
    EXPECT_EQ(catalog.text("en", "title"), "Book");
    EXPECT_EQ(catalog.text("en", "error.required"), "Fyll i");
    EXPECT_EQ(catalog.text("xx", "title"), "Boka");
}

TEST(message_catalog, field_errors_prefer_the_field_specific_text) {
    auto catalog = two_languages();
    EXPECT_EQ(catalog.field_error("sv", "phone", "required"), "Skriv numret");
    EXPECT_EQ(catalog.field_error("sv", "start", "required"), "Fyll i");
}

TEST(message_catalog, negotiates_choice_then_accept_language_then_default) {
    auto catalog = two_languages();
    EXPECT_EQ(catalog.negotiate("en", "sv"), "en");
    EXPECT_EQ(catalog.negotiate("EN", ""), "en");
    EXPECT_EQ(catalog.negotiate("xx", "en-GB,sv;q=0.5"), "en");
    EXPECT_EQ(catalog.negotiate("", "de-DE,en;q=0.3,sv;q=0.7"), "sv");
    EXPECT_EQ(catalog.negotiate("", "de, fr;q=0.9"), "sv");
    EXPECT_EQ(catalog.negotiate("", "en;q=garbage"), "sv");
    EXPECT_EQ(catalog.negotiate("", std::string(10000, ',')), "sv");
}

// Every key of a catalogue file, dotted, with its text.
std::map<std::string, std::string> keys_of(std::string_view text) {
    std::map<std::string, std::string> keys;
    std::function<void(const toml::table&, const std::string&)> walk =
        [&](const toml::table& table, const std::string& prefix) {
            for (auto&& [key, node] : table) {
                auto name =
                    prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
                if (const auto* sub = node.as_table())
                    walk(*sub, name);
                else
                    keys[name] = node.value_or(std::string());
            }
        };
    walk(toml::parse(text), "");
    return keys;
}

std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> found;
    std::regex placeholder("\\{[a-z_]+\\}");
    for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it)
        found.insert(it->str());
    return found;
}

TEST(message_catalog, every_language_translates_every_parent_text_with_the_same_placeholders) {
    constexpr std::string_view prefix = "service/i18n/messages/";
    auto defaults = keys_of(embedded_files().at("service/i18n/messages/sv.toml"));
    for (const auto& [path, text] : embedded_files()) {
        if (!path.starts_with(prefix) || !path.ends_with(".toml")) continue;
        SCOPED_TRACE(std::string(path));
        auto keys = keys_of(text);
        for (const auto& [key, value] : defaults) {
            // The advisors' invitation texts are in the unit's staff language only.
            if (key.starts_with("staff.")) continue;
            auto found = keys.find(key);
            if (found == keys.end()) {
                ADD_FAILURE() << "missing " << key;
                continue;
            }
            EXPECT_EQ(placeholders(found->second), placeholders(value)) << key;
        }
        for (const auto& [key, value] : keys)
            EXPECT_TRUE(defaults.count(key)) << "a key the default language does not have: " << key;
        EXPECT_TRUE(keys["dir"] == "ltr" || keys["dir"] == "rtl");
    }
}

TEST(capitalised, writes_the_first_letter_in_upper_case_and_keeps_the_rest) {
    struct example {
        std::string_view text, language, expected;
    };
    for (const auto& c : std::vector<example>{{"somaliska", "sv", "Somaliska"},
                                              {"kurdiska (sorani)", "sv", "Kurdiska (sorani)"},
                                              {"af-Soomaali", "so", "Af-Soomaali"},
                                              {"ídish", "es", "Ídish"},
                                              {"в'єтнамська", "uk", "В'єтнамська"},
                                              {"Somali", "en", "Somali"},
                                              {"العربية", "ar", "العربية"},
                                              {"", "sv", ""}}) {
        SCOPED_TRACE(std::string(c.text));
        EXPECT_EQ(capitalised(c.text, c.language), c.expected);
    }
}

TEST(message_catalog, embedded_catalogues_have_every_key_the_default_has) {
    auto catalog = message_catalog::embedded();
    EXPECT_EQ(catalog.default_language(), "sv");
    EXPECT_TRUE(catalog.has_language("en"));
    for (const auto& language : catalog.languages()) {
        SCOPED_TRACE(language);
        EXPECT_NE(catalog.text(language, "language_name"), "?");
        EXPECT_NE(catalog.text(language, "problem.validation-failed"), "?");
        EXPECT_NE(catalog.text(language, "error.required"), "?");
    }
}

}  // namespace
}  // namespace samtal
