// Decoding base64 MIME bodies in tests (line breaks ignored).
#pragma once

#include <openssl/evp.h>

#include <string>

namespace samtal::testing {

inline std::string decode_base64(const std::string& text) {
    std::string clean;
    for (char c : text)
        if (c != '\r' && c != '\n') clean += c;
    std::string out(clean.size(), '\0');
    int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(clean.data()), int(clean.size()));
    out.resize(std::size_t(std::max(n, 0)));
    // EVP_DecodeBlock counts the padding as zero bytes.
    for (auto it = clean.rbegin(); it != clean.rend() && *it == '='; ++it) out.pop_back();
    return out;
}

}  // namespace samtal::testing
