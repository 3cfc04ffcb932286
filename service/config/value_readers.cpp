#include "service/config/value_readers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "adapters/delivery/registry.hpp"
#include "service/core/languages.hpp"
#include "service/core/validation.hpp"

namespace samtal {

// "^[a-z0-9][a-z0-9-]*$": ids appear in URLs, logs and database rows.
bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 64 || text.front() == '-') return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

// Language codes from the catalogue (service/core/languages.cpp), so that every language on
// offer has its names in every form language and the dialects interpreters are ordered in.
std::vector<std::string> catalogue_languages(const table_reader& reader, std::string_view key) {
    auto codes = reader.strings(key);
    for (const auto& code : codes) {
        if (find_language(code)) continue;
        std::string known;
        for (const auto& entry : language_catalogue())
            known += (known.empty() ? "" : ", ") + std::string(entry.code);
        reader.fail(key, "\"" + code + "\" is not in the language catalogue (expected one of: " +
                             known + ")");
    }
    return codes;
}

std::string identifier(const table_reader& reader, std::string_view key) {
    auto value = reader.string(key);
    if (!is_identifier(value))
        reader.fail(key, "expected lower-case letters, digits and '-' (at most 64)");
    return value;
}

// The adapters a registry knows, for a message: "spool, smtp, caldav".
std::string listed(const std::vector<std::string_view>& names, std::string_view separator) {
    std::string list;
    for (auto name : names)
        list += (list.empty() ? "" : std::string(separator)) + std::string(name);
    return list;
}

bool is_email(std::string_view text) {
    auto at = text.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < text.size() && text.size() <= 254 &&
           text.find_first_of(" \r\n\t<>,;\"()[]\\") == std::string_view::npos;
}

std::string email(const table_reader& reader, std::string_view key) {
    auto value = reader.string(key);
    if (!is_email(value)) reader.fail(key, "expected an e-mail address like name@example.org");
    return value;
}

// A secret named by the environment variable in `key`; "" when the key is absent.
std::string secret_from_environment(const table_reader& reader, std::string_view key) {
    if (!reader.has(key)) return {};
    auto name = reader.string(key);
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) reader.fail(key, "the environment variable " + name + " is not set");
    return value;
}

std::string delivery_kind(const table_reader& reader, std::string_view key, std::string fallback) {
    auto kind = reader.string(key, fallback);
    if (!delivery_kinds().find(kind))
        reader.fail(key, "\"" + kind + "\" is not a delivery (expected " +
                             listed(delivery_kinds().names(), ", ") + ")");
    return kind;
}

// An http(s) URL without credentials in it.
std::string web_address(const table_reader& reader, std::string_view key,
                        std::initializer_list<std::string_view> schemes,
                        std::optional<std::string> fallback) {
    auto value = reader.string(key, fallback);
    bool scheme_ok = std::any_of(schemes.begin(), schemes.end(), [&](std::string_view scheme) {
        return value.starts_with(std::string(scheme) + "://");
    });
    auto authority = value.substr(value.find("://") + 3);
    authority = authority.substr(0, authority.find('/'));
    if (!scheme_ok || authority.empty() || authority.find('@') != std::string::npos ||
        value.find_first_of(" \r\n\t") != std::string::npos) {
        std::string list;
        for (auto scheme : schemes)
            list += (list.empty() ? "" : " or ") + std::string(scheme) + "://";
        reader.fail(key, "expected a " + list + " address without credentials in it");
    }
    return value;
}

// A phone number the service may call: the checks a parent's number gets, in E.164.
std::string phone_number(const table_reader& reader, std::string_view key) {
    auto value = reader.string(key);
    auto checked = check_phone(value);
    if (!checked.e164)
        reader.fail(key, "\"" + value +
                             "\" is not a phone number that can be called (expected one like "
                             "+46 8 123 456 00 or 08-123 456 00)");
    return *checked.e164;
}

}  // namespace samtal
