#include "service/privacy/sealed_box.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace samtal {
namespace {

secret_key key_with(unsigned char first) {
    secret_key key{};
    key[0] = first;
    return key;
}

TEST(sealed_box, opens_what_it_sealed_and_hides_it) {
    sealed_box box(key_with(1));
    auto sealed = box.seal("+46701234567", "booking-uid");
    EXPECT_EQ(sealed.find("46701234567"), std::string::npos);
    EXPECT_EQ(box.open(sealed, "booking-uid"), "+46701234567");
}

TEST(sealed_box, each_seal_uses_a_new_nonce) {
    sealed_box box(key_with(1));
    EXPECT_NE(box.seal("same", "uid"), box.seal("same", "uid"));
}

TEST(sealed_box, refuses_another_key_another_context_or_a_changed_byte) {
    sealed_box box(key_with(1));
    auto sealed = box.seal("https://zoom.us/j/81234567890", "uid-1");
    EXPECT_FALSE(sealed_box(key_with(2)).open(sealed, "uid-1"));
    EXPECT_FALSE(box.open(sealed, "uid-2"));
    for (std::size_t i = 0; i < sealed.size(); i += 7) {
        auto altered = sealed;
        altered[i] = char(altered[i] ^ 1);
        EXPECT_FALSE(box.open(altered, "uid-1")) << "byte " << i;
    }
    EXPECT_FALSE(box.open("short", "uid-1"));
}

TEST(sealed_box, key_id_names_the_key_without_showing_it) {
    EXPECT_NE(sealed_box(key_with(1)).key_id(), sealed_box(key_with(2)).key_id());
    EXPECT_EQ(sealed_box(key_with(1)).key_id().size(), 8u);
}

TEST(secret_key, is_created_once_with_owner_only_permissions) {
    auto dir =
        std::filesystem::temp_directory_path() / ("samtal-key-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto file = dir / "keys" / "seal.key";
    EXPECT_THROW(load_secret_key("SAMTAL_TEST_UNSET_KEY", file, false), std::runtime_error);
    auto created = load_secret_key("SAMTAL_TEST_UNSET_KEY", file, true);
    EXPECT_EQ(load_secret_key("SAMTAL_TEST_UNSET_KEY", file, true), created);
    auto permissions = std::filesystem::status(file).permissions();
    EXPECT_EQ(permissions & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::filesystem::remove_all(dir);
}

TEST(secret_key, environment_wins_and_must_be_64_hex_digits) {
    ::setenv("SAMTAL_TEST_KEY", std::string(64, 'a').c_str(), 1);
    auto key = load_secret_key("SAMTAL_TEST_KEY", "/nonexistent/key", false);
    EXPECT_EQ(key[0], 0xaa);
    ::setenv("SAMTAL_TEST_KEY", "not hex", 1);
    try {
        load_secret_key("SAMTAL_TEST_KEY", "/nonexistent/key", false);
        FAIL() << "a malformed key was accepted";
    } catch (const std::runtime_error& error) {
        EXPECT_EQ(std::string(error.what()).find("not hex"), std::string::npos)
            << "the message shows the value";
    }
    ::unsetenv("SAMTAL_TEST_KEY");
}

}  // namespace
}  // namespace samtal
