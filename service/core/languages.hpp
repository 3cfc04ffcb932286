// The languages a parent may ask to talk in, and for an interpreter in: the one list of ISO 639
// codes, each language's own name, its writing direction and the dialects interpreter ordering
// in Sweden tells apart. The names in each form language live beside the other words of the
// form (i18n/messages/<lang>.toml, [language] and [dialect.<code>]).
#pragma once

#include <span>
#include <string_view>

namespace samtal {

enum class text_direction { ltr, rtl };

struct language {
    std::string_view code;     // ISO 639-1 where there is one, else ISO 639-3 ("prs", "ckb")
    std::string_view autonym;  // the language's name in itself
    text_direction direction;
    // Fixed identifiers ("levantine"), never free text; empty when interpreters are ordered
    // for the language as a whole.
    std::span<const std::string_view> dialects;

    bool has_dialect(std::string_view dialect) const;
};

// Every language in the catalogue, in a stable order.
std::span<const language> language_catalogue();

// The catalogue's entry for `code`, or nullptr.
const language* find_language(std::string_view code);

std::string_view direction_name(text_direction direction);

}  // namespace samtal
