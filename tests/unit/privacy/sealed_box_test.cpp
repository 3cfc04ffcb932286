#include "service/privacy/sealed_box.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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
    EXPECT_EQ(box.open(box.key_id(), sealed, "booking-uid"), "+46701234567");
}

TEST(sealed_box, each_seal_uses_a_new_nonce) {
    sealed_box box(key_with(1));
    EXPECT_NE(box.seal("same", "uid"), box.seal("same", "uid"));
}

TEST(sealed_box, refuses_another_key_another_context_or_a_changed_byte) {
    sealed_box box(key_with(1));
    auto sealed = box.seal("https://zoom.us/j/81234567890", "uid-1");
    sealed_box other(key_with(2));
    EXPECT_FALSE(other.open(other.key_id(), sealed, "uid-1"));
    EXPECT_FALSE(box.open(box.key_id(), sealed, "uid-2"));
    for (std::size_t i = 0; i < sealed.size(); i += 7) {
        auto altered = sealed;
        altered[i] = char(altered[i] ^ 1);
        EXPECT_FALSE(box.open(box.key_id(), altered, "uid-1")) << "byte " << i;
    }
    EXPECT_FALSE(box.open(box.key_id(), "short", "uid-1"));
}

TEST(sealed_box, a_new_key_opens_what_the_previous_one_sealed_and_seals_under_itself) {
    sealed_box before(key_with(1));
    auto sealed = before.seal("+46701234567", "uid-1");

    sealed_box rotated(key_with(2), {key_with(1)});
    EXPECT_EQ(rotated.key_id(), sealed_box(key_with(2)).key_id());
    EXPECT_TRUE(rotated.has_key(before.key_id()));
    EXPECT_EQ(rotated.open(before.key_id(), sealed, "uid-1"), "+46701234567");
    // New values are sealed under the new key only: the old key alone cannot open them.
    auto resealed = rotated.seal("+46701234567", "uid-1");
    EXPECT_EQ(rotated.open(rotated.key_id(), resealed, "uid-1"), "+46701234567");
    EXPECT_FALSE(before.open(rotated.key_id(), resealed, "uid-1"));
    EXPECT_FALSE(before.open(before.key_id(), resealed, "uid-1"));
    // The stored key id decides which key opens: the wrong one fails rather than guessing.
    EXPECT_FALSE(rotated.open(rotated.key_id(), sealed, "uid-1"));
}

TEST(sealed_box, a_key_id_it_does_not_hold_opens_nothing) {
    sealed_box before(key_with(1));
    auto sealed = before.seal("+46701234567", "uid-1");
    sealed_box without_previous(key_with(2));
    EXPECT_FALSE(without_previous.has_key(before.key_id()));
    EXPECT_FALSE(without_previous.open(before.key_id(), sealed, "uid-1"));
    EXPECT_FALSE(without_previous.open("", sealed, "uid-1"));
}

TEST(sealed_box, refuses_the_same_key_twice_naming_its_id_only) {
    auto key = key_with(7);
    auto hex = to_hex(key.data(), key.size());
    for (const auto& previous : {std::vector<secret_key>{key}, {key_with(1), key_with(1)}}) {
        try {
            sealed_box box(key, previous);
            FAIL() << "a key given twice was accepted";
        } catch (const std::runtime_error& error) {
            std::string message = error.what();
            EXPECT_NE(message.find("given twice"), std::string::npos) << message;
            EXPECT_EQ(message.find(hex.substr(0, 16)), std::string::npos) << "shows the key";
        }
    }
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

TEST(secret_key, previous_keys_come_from_the_environment_and_files_that_must_exist) {
    auto dir =
        std::filesystem::temp_directory_path() / ("samtal-previous-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "old.key") << std::string(64, 'b') << "\n";
    std::ofstream(dir / "short.key") << std::string(62, 'b') << "\n";

    ::setenv("SAMTAL_TEST_PREVIOUS", (std::string(64, 'c') + ", " + std::string(64, 'd')).c_str(),
             1);
    auto keys = load_previous_keys("SAMTAL_TEST_PREVIOUS", {dir / "old.key"});
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys[0][0], 0xcc);
    EXPECT_EQ(keys[1][0], 0xdd);
    EXPECT_EQ(keys[2][0], 0xbb);

    auto message_of = [](auto load) {
        try {
            load();
        } catch (const std::runtime_error& error) {
            return std::string(error.what());
        }
        return std::string("(accepted)");
    };
    auto missing = message_of([&] { load_previous_keys("SAMTAL_TEST_PREVIOUS", {dir / "gone"}); });
    EXPECT_NE(missing.find("gone: no such key file"), std::string::npos) << missing;
    auto wrong_length =
        message_of([&] { load_previous_keys("SAMTAL_TEST_PREVIOUS", {dir / "short.key"}); });
    EXPECT_NE(wrong_length.find("short.key: expected 64 hex digits"), std::string::npos)
        << wrong_length;
    EXPECT_FALSE(std::filesystem::exists(dir / "gone")) << "a previous key was created";

    ::setenv("SAMTAL_TEST_PREVIOUS", (std::string(64, 'c') + " 1234").c_str(), 1);
    auto malformed = message_of([&] { load_previous_keys("SAMTAL_TEST_PREVIOUS", {}); });
    EXPECT_NE(malformed.find("SAMTAL_TEST_PREVIOUS: key 2 is not 64 hex digits"), std::string::npos)
        << malformed;
    EXPECT_EQ(malformed.find("cccc"), std::string::npos) << "the message shows a key";

    ::unsetenv("SAMTAL_TEST_PREVIOUS");
    EXPECT_TRUE(load_previous_keys("SAMTAL_TEST_PREVIOUS", {}).empty());
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace samtal
