// The checks config applies to single values (identifiers, languages from the catalogue,
// mailboxes, secrets from the environment, web addresses, phone numbers), each failing with
// the file, the key and what was expected.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/config/table_reader.hpp"

namespace samtal {

// "^[a-z0-9][a-z0-9-]*$": ids appear in URLs, logs and database rows.
bool is_identifier(std::string_view text);

// Language codes from the catalogue (service/core/languages.cpp), so that every language on
// offer has its names in every form language and the dialects interpreters are ordered in.
std::vector<std::string> catalogue_languages(const table_reader& reader, std::string_view key);

std::string identifier(const table_reader& reader, std::string_view key);

// The adapters a registry knows, for a message: "spool, smtp, caldav".
std::string listed(const std::vector<std::string_view>& names, std::string_view separator);

bool is_email(std::string_view text);

std::string email(const table_reader& reader, std::string_view key);

// A secret named by the environment variable in `key`; "" when the key is absent.
std::string secret_from_environment(const table_reader& reader, std::string_view key);

std::string delivery_kind(const table_reader& reader, std::string_view key, std::string fallback);

// An http(s) URL without credentials in it.
std::string web_address(const table_reader& reader, std::string_view key,
                        std::initializer_list<std::string_view> schemes,
                        std::optional<std::string> fallback = std::nullopt);

// A phone number the service may call: the checks a parent's number gets, in E.164.
std::string phone_number(const table_reader& reader, std::string_view key);

}  // namespace samtal
