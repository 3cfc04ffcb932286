// The public keys an OpenID provider signs ID tokens with, read from its JSON Web Key Set
// (RFC 7517) into OpenSSL keys, and the signature algorithms (RFC 7518) samtal checks with them.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "service/signin/signin_refusal.hpp"

namespace samtal {

// A JWS algorithm samtal verifies: RSA PKCS#1 v1.5 (RS*), RSA-PSS (PS*) or ECDSA (ES*).
// "none" and the HMAC algorithms (HS*) are never among them: a public key is no shared secret.
struct jws_algorithm {
    std::string_view name;   // "RS256"
    std::string_view kty;    // "RSA" or "EC"
    std::string_view curve;  // the JWK's "crv" for ES*, empty for RSA
    const EVP_MD* (*digest)();
    bool pss = false;
    std::size_t ecdsa_half = 0;  // the length of r and of s in an ES* signature
};

// nullptr for an algorithm samtal does not verify.
const jws_algorithm* find_jws_algorithm(std::string_view name);

struct signing_key {
    std::string kid;  // may be empty when the set has one key
    std::string kty;
    std::string alg;    // empty when the JWK leaves it open
    std::string curve;  // EC only
    std::shared_ptr<EVP_PKEY> key;
};

class jwk_set {
public:
    // Keys that cannot sign (use "enc"), of other types (oct, OKP), on other curves or RSA keys
    // shorter than 2048 bits are left out; a set with no usable key is refused.
    static signin_result<jwk_set> parse(std::string_view json);

    // The key for a token with `kid` (may be empty) and `algorithm`: the key with that kid, or
    // the only key of the algorithm's type when the token names none; nullptr when there is none.
    const signing_key* find(std::string_view kid, const jws_algorithm& algorithm) const;

    std::size_t size() const { return keys_.size(); }

private:
    std::vector<signing_key> keys_;
};

// Whether `signature` over `signing_input` verifies with `key` under `algorithm`.
bool verify_jws_signature(const jws_algorithm& algorithm, const signing_key& key,
                          std::string_view signing_input, std::string_view signature);

}  // namespace samtal
