#include "service/core/languages.hpp"

#include <algorithm>
#include <array>

namespace samtal {
namespace {

using namespace std::string_view_literals;

// Dialects where interpreter ordering in Sweden tells them apart (an interpreter in Levantine
// Arabic or in Maay is asked for by name); a parent picks one of these or none. Bosnian,
// Croatian and Serbian, and Sorani and Kurmanji, are languages of their own here.
constexpr std::array k_arabic{"msa"sv,      "levantine"sv, "iraqi"sv,
                              "egyptian"sv, "gulf"sv,      "maghrebi"sv};
constexpr std::array k_somali{"maxaa"sv, "maay"sv};
constexpr std::array k_albanian{"gheg"sv, "tosk"sv};
constexpr std::array k_chinese{"mandarin"sv, "cantonese"sv};
constexpr std::array k_romani{"arli"sv, "kalderash"sv, "lovari"sv, "kale"sv, "travellers"sv};

constexpr auto ltr = text_direction::ltr;
constexpr auto rtl = text_direction::rtl;

// The languages of the seed units (Somali, Arabic, English, Spanish, Portuguese, Swahili),
// those most asked for in Swedish municipalities, the national minority languages (Finnish,
// Meänkieli, Sámi, Romani, Yiddish) and others common among the newly arrived.
constexpr std::array<language, 38> k_languages{{
    {"sv", "Svenska", ltr, {}},
    {"en", "English", ltr, {}},
    {"ar", "العربية", rtl, k_arabic},
    {"so", "Soomaali", ltr, k_somali},
    {"ti", "ትግርኛ", ltr, {}},
    {"prs", "دری", rtl, {}},
    {"fa", "فارسی", rtl, {}},
    {"ckb", "کوردیی سۆرانی", rtl, {}},
    {"kmr", "Kurdî (Kurmancî)", ltr, {}},
    {"tr", "Türkçe", ltr, {}},
    {"pl", "Polski", ltr, {}},
    {"uk", "Українська", ltr, {}},
    {"ru", "Русский", ltr, {}},
    {"bs", "Bosanski", ltr, {}},
    {"hr", "Hrvatski", ltr, {}},
    {"sr", "Српски", ltr, {}},
    {"es", "Español", ltr, {}},
    {"pt", "Português", ltr, {}},
    {"sw", "Kiswahili", ltr, {}},
    {"fi", "Suomi", ltr, {}},
    {"fit", "Meänkieli", ltr, {}},
    {"se", "Davvisámegiella", ltr, {}},
    {"smj", "Julevsámegiella", ltr, {}},
    {"sma", "Åarjelsaemien gïele", ltr, {}},
    {"rom", "Romani čhib", ltr, k_romani},
    {"yi", "ייִדיש", rtl, {}},
    {"am", "አማርኛ", ltr, {}},
    {"om", "Afaan Oromoo", ltr, {}},
    {"ps", "پښتو", rtl, {}},
    {"ur", "اردو", rtl, {}},
    {"sq", "Shqip", ltr, k_albanian},
    {"th", "ไทย", ltr, {}},
    {"vi", "Tiếng Việt", ltr, {}},
    {"zh", "中文", ltr, k_chinese},
    {"mn", "Монгол", ltr, {}},
    {"fr", "Français", ltr, {}},
    {"ro", "Română", ltr, {}},
    {"de", "Deutsch", ltr, {}},
}};

}  // namespace

bool language::has_dialect(std::string_view dialect) const {
    return std::find(dialects.begin(), dialects.end(), dialect) != dialects.end();
}

std::span<const language> language_catalogue() { return k_languages; }

const language* find_language(std::string_view code) {
    auto found = std::find_if(k_languages.begin(), k_languages.end(),
                              [&](const language& entry) { return entry.code == code; });
    return found == k_languages.end() ? nullptr : &*found;
}

std::string_view direction_name(text_direction direction) {
    return direction == text_direction::rtl ? "rtl" : "ltr";
}

}  // namespace samtal
