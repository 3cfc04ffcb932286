#include "service/core/languages.hpp"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <regex>
#include <set>
#include <string>

#include "service/embedded_files.hpp"
#include "service/i18n/messages.hpp"

namespace samtal {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view k_messages = "service/i18n/messages/";

// Each form language's own message file, read without the fallback to Swedish that the
// service applies, so that a name missing in one language is seen.
std::map<std::string, toml::table> form_language_files() {
    std::map<std::string, toml::table> files;
    for (const auto& [path, text] : embedded_files()) {
        if (!path.starts_with(k_messages) || !path.ends_with(".toml")) continue;
        auto language = path.substr(k_messages.size(), path.size() - k_messages.size() - 5);
        files.emplace(std::string(language), toml::parse(text));
    }
    return files;
}

TEST(language_catalogue, holds_the_languages_parents_ask_for) {
    // The seed units' languages, the common ones in Swedish municipalities, the national
    // minority languages and others common among the newly arrived.
    for (auto code :
         {"so"sv,  "ar"sv,  "en"sv,  "es"sv, "pt"sv,  "sw"sv,  "ti"sv,  "prs"sv, "fa"sv,
          "ckb"sv, "kmr"sv, "tr"sv,  "pl"sv, "uk"sv,  "ru"sv,  "bs"sv,  "hr"sv,  "sr"sv,
          "sv"sv,  "fi"sv,  "fit"sv, "se"sv, "smj"sv, "sma"sv, "rom"sv, "yi"sv,  "am"sv,
          "om"sv,  "ps"sv,  "sq"sv,  "th"sv, "vi"sv,  "zh"sv,  "fr"sv,  "ro"sv,  "ur"sv})
        EXPECT_NE(find_language(code), nullptr) << code;
    EXPECT_GE(language_catalogue().size(), 35u);
    EXPECT_LE(language_catalogue().size(), 45u);
    EXPECT_EQ(find_language("ku"), nullptr);  // Kurdish is ordered as Sorani or Kurmanji
    EXPECT_EQ(find_language("somali"), nullptr);
}

TEST(language_catalogue, codes_are_iso_639_and_unique) {
    // ISO 639-1 where the language has one: a three-letter code for such a language would be
    // a second code for the same thing.
    const std::set<std::string_view> three_letter_codes_of_two_letter_languages{
        "ara", "som", "per", "fas", "eng", "swe", "spa", "por", "swa", "tir", "tur", "pol", "ukr",
        "rus", "fin", "sme", "yid", "amh", "orm", "pus", "sqi", "alb", "tha", "vie", "zho", "chi",
        "fra", "fre", "ron", "rum", "urd", "deu", "ger", "mon", "bos", "hrv", "srp", "kur"};
    std::set<std::string_view> seen;
    for (const auto& entry : language_catalogue()) {
        SCOPED_TRACE(entry.code);
        EXPECT_TRUE(std::regex_match(std::string(entry.code), std::regex("[a-z]{2,3}")));
        EXPECT_FALSE(three_letter_codes_of_two_letter_languages.contains(entry.code));
        EXPECT_TRUE(seen.insert(entry.code).second) << "listed twice";
        EXPECT_EQ(find_language(entry.code), &entry);
    }
}

TEST(language_catalogue, autonyms_are_present_and_directions_right) {
    const std::set<std::string_view> right_to_left{"ar", "fa", "prs", "ckb", "ps", "ur", "yi"};
    for (const auto& entry : language_catalogue()) {
        SCOPED_TRACE(entry.code);
        EXPECT_FALSE(entry.autonym.empty());
        EXPECT_EQ(entry.direction == text_direction::rtl, right_to_left.contains(entry.code));
    }
    EXPECT_EQ(find_language("so")->autonym, "Soomaali");
    EXPECT_EQ(direction_name(find_language("ar")->direction), "rtl");
    EXPECT_EQ(direction_name(find_language("kmr")->direction), "ltr");  // Latin script
}

TEST(language_catalogue, dialects_are_fixed_identifiers_and_unique) {
    for (const auto& entry : language_catalogue()) {
        SCOPED_TRACE(entry.code);
        std::set<std::string_view> seen;
        for (auto dialect : entry.dialects) {
            EXPECT_TRUE(std::regex_match(std::string(dialect), std::regex("[a-z][a-z_]*")));
            EXPECT_TRUE(seen.insert(dialect).second) << dialect << " listed twice";
            EXPECT_TRUE(entry.has_dialect(dialect));
        }
    }
    const auto* arabic = find_language("ar");
    for (auto dialect : {"msa", "levantine", "iraqi", "egyptian", "gulf", "maghrebi"})
        EXPECT_TRUE(arabic->has_dialect(dialect)) << dialect;
    EXPECT_TRUE(find_language("so")->has_dialect("maay"));
    EXPECT_FALSE(find_language("so")->has_dialect("levantine"));
    EXPECT_TRUE(find_language("ti")->dialects.empty());
}

TEST(language_catalogue, every_language_and_dialect_has_a_name_in_every_form_language) {
    auto files = form_language_files();
    ASSERT_EQ(files.size(), 11u);
    for (const auto& [form_language, table] : files) {
        SCOPED_TRACE(form_language);
        for (const auto& entry : language_catalogue()) {
            auto name = table["language"][entry.code].value<std::string>();
            EXPECT_TRUE(name && !name->empty()) << "language." << entry.code;
            for (auto dialect : entry.dialects) {
                auto dialect_name = table["dialect"][entry.code][dialect].value<std::string>();
                EXPECT_TRUE(dialect_name && !dialect_name->empty())
                    << "dialect." << entry.code << "." << dialect;
            }
        }
        // And no name for a language or dialect the catalogue does not hold.
        for (auto&& [code, name] : *table["language"].as_table())
            EXPECT_NE(find_language(code.str()), nullptr) << "language." << code.str();
        if (const auto* dialects = table["dialect"].as_table())
            for (auto&& [code, names] : *dialects) {
                const auto* entry = find_language(code.str());
                ASSERT_NE(entry, nullptr) << "dialect." << code.str();
                for (auto&& [dialect, name] : *names.as_table())
                    EXPECT_TRUE(entry->has_dialect(dialect.str()))
                        << "dialect." << code.str() << "." << dialect.str();
            }
    }
}

TEST(language_catalogue, names_are_written_as_they_read_mid_sentence) {
    // Where the form language writes language names in lower case inside a sentence ("tolk på
    // somaliska"), every name begins in lower case, and lists capitalise it; English names
    // keep their capital everywhere.
    auto files = form_language_files();
    for (const auto& [form_language, lower_case] : std::vector<std::pair<std::string, bool>>{
             {"sv", true}, {"es", true}, {"pt", true}, {"uk", true}, {"so", true}, {"en", false}}) {
        SCOPED_TRACE(form_language);
        for (auto&& [code, name] : *files.at(form_language)["language"].as_table()) {
            auto text = *name.value<std::string>();
            EXPECT_EQ(capitalised(text, form_language) != text, lower_case)
                << "language." << code.str() << " = " << text;
        }
    }
}

}  // namespace
}  // namespace samtal
