#include "service/web/messages.hpp"

#include <gtest/gtest.h>

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
