// Sealing of identifying contact data (a phone number, a join link) with AES-256-GCM, so that
// the database only ever holds ciphertext that is useless without the key from outside it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/privacy/secret_key.hpp"

namespace samtal {

class sealed_box {
public:
    explicit sealed_box(const secret_key& key);

    // Names the key (a hash prefix, not the key), so that keys can rotate.
    const std::string& key_id() const { return key_id_; }

    // nonce (12) | ciphertext | tag (16); `context` is bound as associated data, so a sealed
    // value cannot be moved to another booking.
    std::string seal(std::string_view plaintext, std::string_view context) const;

    // nullopt when the value was not sealed under this key and context, or was altered.
    std::optional<std::string> open(std::string_view sealed, std::string_view context) const;

private:
    secret_key key_;
    std::string key_id_;
};

}  // namespace samtal
