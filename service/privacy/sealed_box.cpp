#include "service/privacy/sealed_box.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>
#include <stdexcept>

namespace samtal {
namespace {

constexpr int k_nonce_bytes = 12;
constexpr int k_tag_bytes = 16;

using cipher_context = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_context new_context() {
    cipher_context context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context) throw std::runtime_error("OpenSSL could not allocate a cipher context");
    return context;
}

const unsigned char* bytes(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

std::string id_of(const secret_key& key) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(key.data(), key.size(), digest);
    return to_hex(digest, 4);
}

}  // namespace

sealed_box::sealed_box(const secret_key& current, const std::vector<secret_key>& previous) {
    keys_.push_back({current, id_of(current)});
    for (const auto& key : previous) {
        auto id = id_of(key);
        // The same key twice is a mistake in the configuration; two keys with one id would make
        // opening ambiguous.
        if (find(id))
            throw std::runtime_error("seal key " + id +
                                     " is given twice (as the current key or a previous one)");
        keys_.push_back({key, std::move(id)});
    }
}

const sealed_box::named_key* sealed_box::find(std::string_view key_id) const {
    for (const auto& key : keys_)
        if (key.id == key_id) return &key;
    return nullptr;
}

bool sealed_box::has_key(std::string_view key_id) const { return find(key_id) != nullptr; }

std::string sealed_box::seal(std::string_view plaintext, std::string_view context) const {
    std::string out(std::size_t(k_nonce_bytes) + plaintext.size() + k_tag_bytes, '\0');
    auto* data = reinterpret_cast<unsigned char*>(out.data());
    random_bytes(data, k_nonce_bytes);
    auto ctx = new_context();
    int length = 0;
    bool ok =
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, keys_.front().key.data(), data) ==
            1 &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes(context), int(context.size())) == 1 &&
        EVP_EncryptUpdate(ctx.get(), data + k_nonce_bytes, &length, bytes(plaintext),
                          int(plaintext.size())) == 1 &&
        EVP_EncryptFinal_ex(ctx.get(), data + k_nonce_bytes + length, &length) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, k_tag_bytes,
                            data + k_nonce_bytes + plaintext.size()) == 1;
    if (!ok) throw std::runtime_error("sealing failed");
    return out;
}

std::optional<std::string> sealed_box::open(std::string_view key_id, std::string_view sealed,
                                            std::string_view context) const {
    const auto* key = find(key_id);
    if (!key || sealed.size() < std::size_t(k_nonce_bytes + k_tag_bytes)) return std::nullopt;
    auto size = sealed.size() - k_nonce_bytes - k_tag_bytes;
    std::string plaintext(size, '\0');
    auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
    const auto* in = bytes(sealed);
    auto ctx = new_context();
    int length = 0;
    unsigned char tag[k_tag_bytes];
    std::copy(in + k_nonce_bytes + size, in + sealed.size(), tag);
    bool ok =
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key->key.data(), in) == 1 &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes(context), int(context.size())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), out, &length, in + k_nonce_bytes, int(size)) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, k_tag_bytes, tag) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), out + length, &length) == 1;
    if (!ok) return std::nullopt;
    return plaintext;
}

}  // namespace samtal
