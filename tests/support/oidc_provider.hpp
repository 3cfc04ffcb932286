// A real OpenID provider (tests/fakes/oidc_provider.mjs: oidc-provider on Node.js) on a
// loopback port, stopped when the test ends, and a browser's part of the authorization step:
// following the provider's redirects, with its cookies, until it sends the browser back to
// samtal's callback.
#pragma once

#include <curl/curl.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "support/external_process.hpp"

namespace samtal::testing {

class oidc_provider {
public:
    static constexpr const char* client_secret = "staff-client-secret";
    // Nobody listens there: the test reads the redirect instead of following it.
    static constexpr const char* redirect_uri = "http://127.0.0.1:9/staff/signin/callback";

    explicit oidc_provider(const std::filesystem::path& log_dir)
        : process_({"/usr/bin/env", "node", SAMTAL_SOURCE_DIR "/tests/fakes/oidc_provider.mjs",
                    std::to_string(port_), redirect_uri, client_secret},
                   port_, (log_dir / "oidc_provider.log").string()) {
        process_.start();
    }

    std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // The query samtal's callback would receive after the browser opened `authorization_url`
    // (the provider signs in the person the URL's login_hint names and consents).
    static std::string callback_query(const std::string& authorization_url) {
        std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                                 &curl_easy_cleanup);
        curl_easy_setopt(curl.get(), CURLOPT_COOKIEFILE, "");  // keep cookies, in memory
        curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 10L);
        curl_easy_setopt(
            curl.get(), CURLOPT_WRITEFUNCTION,
            +[](char*, size_t size, size_t count, void*) { return size * count; });
        std::string url = authorization_url;
        for (int hop = 0; hop < 10; ++hop) {
            curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
            if (curl_easy_perform(curl.get()) != CURLE_OK)
                throw std::runtime_error("the provider did not answer");
            char* next = nullptr;
            curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &next);
            if (!next) throw std::runtime_error("the provider stopped redirecting at " + url);
            url = next;
            if (url.starts_with(redirect_uri)) return url.substr(url.find('?') + 1);
        }
        throw std::runtime_error("the provider redirected more than ten times");
    }

private:
    unsigned short port_ = free_port();
    external_process process_;
};

}  // namespace samtal::testing
