// Keys made with OpenSSL and ID tokens signed with them, for the sign-in tests: a provider's
// key set as JSON, and tokens whose header and claims a test chooses (also wrong ones).
#pragma once

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <boost/json.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "service/signin/base64url.hpp"

namespace samtal::testing {

class token_signer {
public:
    // "RSA" (2048 bits) or "EC" (P-256); `kid` names the key in the set and in tokens.
    token_signer(const std::string& type, std::string kid) : kid_(std::move(kid)) {
        key_.reset(type == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048))
                                 : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        if (!key_) throw std::runtime_error("key generation failed");
        rsa_ = type == "RSA";
    }

    const std::string& kid() const { return kid_; }
    std::string algorithm() const { return rsa_ ? "RS256" : "ES256"; }

    // The public key as a JWK.
    boost::json::object jwk() const {
        boost::json::object jwk{{"kid", kid_}, {"use", "sig"}, {"alg", algorithm()}};
        if (rsa_) {
            jwk["kty"] = "RSA";
            jwk["n"] = base64url_encode(big_number(OSSL_PKEY_PARAM_RSA_N));
            jwk["e"] = base64url_encode(big_number(OSSL_PKEY_PARAM_RSA_E));
        } else {
            unsigned char point[65];
            size_t size = 0;
            EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point,
                                            sizeof point, &size);
            std::string bytes(reinterpret_cast<char*>(point), size);
            jwk["kty"] = "EC";
            jwk["crv"] = "P-256";
            jwk["x"] = base64url_encode(bytes.substr(1, 32));
            jwk["y"] = base64url_encode(bytes.substr(33, 32));
        }
        return jwk;
    }

    // A compact JWS of `claims` with `header` (alg and kid added unless the header has them).
    std::string sign(const boost::json::object& claims, boost::json::object header = {}) const {
        if (!header.contains("alg")) header["alg"] = algorithm();
        if (!header.contains("kid")) header["kid"] = kid_;
        auto input = base64url_encode(boost::json::serialize(header)) + "." +
                     base64url_encode(boost::json::serialize(claims));
        return input + "." + base64url_encode(signature(input));
    }

private:
    std::string big_number(const char* name) const {
        BIGNUM* number = nullptr;
        EVP_PKEY_get_bn_param(key_.get(), name, &number);
        std::string bytes(size_t(BN_num_bytes(number)), '\0');
        BN_bn2bin(number, reinterpret_cast<unsigned char*>(bytes.data()));
        BN_free(number);
        return bytes;
    }

    std::string signature(const std::string& input) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
        size_t size = 0;
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get());
        EVP_DigestSign(context.get(), nullptr, &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size());
        std::string der(size, '\0');
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(der.data()), &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size());
        der.resize(size);
        if (rsa_) return der;
        // JWS wants r and s as two 32-byte numbers, not OpenSSL's DER sequence.
        const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
        std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
            d2i_ECDSA_SIG(nullptr, &bytes, long(der.size())), &ECDSA_SIG_free);
        std::string raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32,
                     32);
        return raw;
    }

    std::string kid_;
    bool rsa_ = true;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_{nullptr, &EVP_PKEY_free};
};

// A key set as the provider serves it.
inline std::string key_set(std::initializer_list<const token_signer*> signers) {
    boost::json::array keys;
    for (const auto* signer : signers) keys.push_back(signer->jwk());
    return boost::json::serialize(boost::json::object{{"keys", keys}});
}

}  // namespace samtal::testing
