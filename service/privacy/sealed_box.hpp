// Sealing of identifying contact data (a phone number, a join link) with AES-256-GCM, so that
// the database only ever holds ciphertext that is useless without the key from outside it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/privacy/secret_key.hpp"

namespace samtal {

class sealed_box {
public:
    // Seals under `current` and opens under it or any of `previous`, so that a new key does not
    // lose the contact data of bookings sealed before it. Throws std::runtime_error (naming key
    // ids, never keys) when two of the keys are the same.
    explicit sealed_box(const secret_key& current, const std::vector<secret_key>& previous = {});

    // Names the current key (a hash prefix, not the key); stored with each sealed value.
    const std::string& key_id() const { return keys_.front().id; }

    // Whether the box holds the key with this id, current or previous.
    bool has_key(std::string_view key_id) const;

    // nonce (12) | ciphertext | tag (16); `context` is bound as associated data, so a sealed
    // value cannot be moved to another booking.
    std::string seal(std::string_view plaintext, std::string_view context) const;

    // nullopt when the box has no key `key_id`, or the value was not sealed under that key and
    // context, or was altered.
    std::optional<std::string> open(std::string_view key_id, std::string_view sealed,
                                    std::string_view context) const;

private:
    struct named_key {
        secret_key key;
        std::string id;
    };
    const named_key* find(std::string_view key_id) const;

    std::vector<named_key> keys_;  // the current key first
};

}  // namespace samtal
