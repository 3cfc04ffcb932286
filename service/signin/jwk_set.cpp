#include "service/signin/jwk_set.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "service/signin/base64url.hpp"

namespace samtal {
namespace {

constexpr std::array<jws_algorithm, 8> k_algorithms{{
    {"RS256", "RSA", "", &EVP_sha256},
    {"RS384", "RSA", "", &EVP_sha384},
    {"RS512", "RSA", "", &EVP_sha512},
    {"PS256", "RSA", "", &EVP_sha256, true},
    {"PS384", "RSA", "", &EVP_sha384, true},
    {"PS512", "RSA", "", &EVP_sha512, true},
    {"ES256", "EC", "P-256", &EVP_sha256, false, 32},
    {"ES384", "EC", "P-384", &EVP_sha384, false, 48},
}};

constexpr int k_min_rsa_bits = 2048;

template <typename T, void (*Free)(T*)>
struct openssl_deleter {
    void operator()(T* p) const { Free(p); }
};
using bignum = std::unique_ptr<BIGNUM, openssl_deleter<BIGNUM, BN_free>>;
using param_builder =
    std::unique_ptr<OSSL_PARAM_BLD, openssl_deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using params = std::unique_ptr<OSSL_PARAM, openssl_deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using pkey_context =
    std::unique_ptr<EVP_PKEY_CTX, openssl_deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using md_context = std::unique_ptr<EVP_MD_CTX, openssl_deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using ecdsa_signature = std::unique_ptr<ECDSA_SIG, openssl_deleter<ECDSA_SIG, ECDSA_SIG_free>>;

std::optional<std::string> member(const boost::json::object& jwk, std::string_view name) {
    const auto* value = jwk.if_contains(name);
    if (!value || !value->is_string()) return std::nullopt;
    return std::string(value->get_string());
}

std::optional<std::string> decoded_member(const boost::json::object& jwk, std::string_view name) {
    auto text = member(jwk, name);
    return text ? base64url_decode(*text) : std::nullopt;
}

bignum to_bignum(const std::string& big_endian) {
    return bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                            int(big_endian.size()), nullptr));
}

// A public key from OpenSSL's parameters for `type` ("RSA" or "EC").
std::shared_ptr<EVP_PKEY> key_from_params(const char* type, OSSL_PARAM_BLD* builder) {
    params built(OSSL_PARAM_BLD_to_param(builder));
    pkey_context context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!built || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, built.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

std::shared_ptr<EVP_PKEY> rsa_key(const boost::json::object& jwk) {
    auto n = decoded_member(jwk, "n");
    auto e = decoded_member(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) return nullptr;
    bignum modulus = to_bignum(*n), exponent = to_bignum(*e);
    param_builder builder(OSSL_PARAM_BLD_new());
    if (!modulus || !exponent || !builder ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()))
        return nullptr;
    auto key = key_from_params("RSA", builder.get());
    if (key && EVP_PKEY_get_bits(key.get()) < k_min_rsa_bits) return nullptr;
    return key;
}

std::shared_ptr<EVP_PKEY> ec_key(const boost::json::object& jwk, std::string_view curve) {
    const char* group = curve == "P-256" ? "prime256v1" : curve == "P-384" ? "secp384r1" : nullptr;
    std::size_t size = curve == "P-256" ? 32 : 48;
    auto x = decoded_member(jwk, "x");
    auto y = decoded_member(jwk, "y");
    if (!group || !x || !y || x->size() != size || y->size() != size) return nullptr;
    // The uncompressed point: 0x04, x, y. OpenSSL refuses one that is not on the curve.
    std::string point = "\x04" + *x + *y;
    param_builder builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                          point.size()))
        return nullptr;
    return key_from_params("EC", builder.get());
}

std::optional<signing_key> read_key(const boost::json::object& jwk) {
    signing_key key;
    key.kty = member(jwk, "kty").value_or("");
    key.kid = member(jwk, "kid").value_or("");
    key.alg = member(jwk, "alg").value_or("");
    if (member(jwk, "use").value_or("sig") != "sig") return std::nullopt;
    if (!key.alg.empty()) {
        const auto* algorithm = find_jws_algorithm(key.alg);
        if (!algorithm || algorithm->kty != key.kty) return std::nullopt;
    }
    if (key.kty == "RSA") {
        key.key = rsa_key(jwk);
    } else if (key.kty == "EC") {
        key.curve = member(jwk, "crv").value_or("");
        key.key = ec_key(jwk, key.curve);
    }
    if (!key.key) return std::nullopt;
    return key;
}

// An ES* signature is r and s side by side; OpenSSL verifies their DER sequence.
std::optional<std::string> ecdsa_der(std::string_view signature, std::size_t half) {
    if (signature.size() != 2 * half) return std::nullopt;
    auto bytes = reinterpret_cast<const unsigned char*>(signature.data());
    ecdsa_signature sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes, int(half), nullptr);
    BIGNUM* s = BN_bin2bn(bytes + half, int(half), nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0) return std::nullopt;
    std::string der(std::size_t(length), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_ECDSA_SIG(sig.get(), &out);
    return der;
}

}  // namespace

const jws_algorithm* find_jws_algorithm(std::string_view name) {
    for (const auto& algorithm : k_algorithms)
        if (algorithm.name == name) return &algorithm;
    return nullptr;
}

signin_result<jwk_set> jwk_set::parse(std::string_view json) {
    boost::system::error_code ec;
    auto document = boost::json::parse(json, ec);
    const auto* object = ec ? nullptr : document.if_object();
    const auto* keys = object ? object->if_contains("keys") : nullptr;
    if (!keys || !keys->is_array())
        return signin_failure{signin_refusal::provider_misconfigured,
                              "the provider's key set is not a JSON Web Key Set"};
    jwk_set set;
    for (const auto& entry : keys->get_array())
        if (const auto* jwk = entry.if_object())
            if (auto key = read_key(*jwk)) set.keys_.push_back(std::move(*key));
    if (set.keys_.empty())
        return signin_failure{signin_refusal::provider_misconfigured,
                              "the provider's key set has no usable signing key"};
    return set;
}

const signing_key* jwk_set::find(std::string_view kid, const jws_algorithm& algorithm) const {
    auto fits = [&](const signing_key& key) {
        return key.kty == algorithm.kty && (key.alg.empty() || key.alg == algorithm.name) &&
               key.curve == algorithm.curve;
    };
    const signing_key* only = nullptr;
    for (const auto& key : keys_) {
        if (!fits(key)) continue;
        if (!kid.empty() && key.kid == kid) return &key;
        if (kid.empty()) {
            if (only) return nullptr;  // several could be meant: refuse to guess
            only = &key;
        }
    }
    return only;
}

bool verify_jws_signature(const jws_algorithm& algorithm, const signing_key& key,
                          std::string_view signing_input, std::string_view signature) {
    std::string der;
    if (algorithm.kty == "EC") {
        auto converted = ecdsa_der(signature, algorithm.ecdsa_half);
        if (!converted) return false;
        der = std::move(*converted);
        signature = der;
    }
    md_context context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* key_context = nullptr;
    if (!context || EVP_DigestVerifyInit(context.get(), &key_context, algorithm.digest(), nullptr,
                                         key.key.get()) != 1)
        return false;
    if (algorithm.pss &&
        (EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) != 1))
        return false;
    bool verified =
        EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(),
                         reinterpret_cast<const unsigned char*>(signing_input.data()),
                         signing_input.size()) == 1;
    // A bad signature leaves errors in the thread's queue, where libcurl's TLS would find them.
    ERR_clear_error();
    return verified;
}

}  // namespace samtal
