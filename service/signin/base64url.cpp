#include "service/signin/base64url.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace samtal {

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
    out.resize(std::size_t(std::max(n, 0)));
    return out;
}

std::string base64url_encode(std::string_view bytes) {
    auto text = base64_encode(bytes);
    while (!text.empty() && text.back() == '=') text.pop_back();
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    return text;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    // A remainder of one character cannot come from any byte string.
    if (text.size() % 4 == 1) return std::nullopt;
    std::string standard;
    standard.reserve(text.size() + 3);
    for (char c : text) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!plain && c != '-' && c != '_') return std::nullopt;
        standard += c == '-' ? '+' : c == '_' ? '/' : c;
    }
    std::size_t padding = (4 - standard.size() % 4) % 4;
    standard.append(padding, '=');
    std::string out(standard.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(standard.data()),
                            int(standard.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts the padding as zero bytes.
    out.resize(std::size_t(n) - padding);
    // Only one text encodes each byte string: the bits past the last byte must be zero.
    if (base64url_encode(out) != text) return std::nullopt;
    return out;
}

}  // namespace samtal
