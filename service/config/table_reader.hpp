// Reads one table of the configuration file, knowing its path for messages: typed values with
// their limits, and a refusal of keys the schema does not name.
#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "service/http/settings.hpp"

namespace samtal {

// Reads one table of the file, knowing its path for messages, and refuses keys the schema
// does not name.
class table_reader {
public:
    table_reader(const toml::table& table, std::string source, std::string path)
        : table_(table), source_(std::move(source)), path_(std::move(path)) {}

    [[noreturn]] void fail(std::string_view key, std::string_view expected) const {
        std::ostringstream message;
        message << source_ << ": " << qualified(key) << ": " << expected;
        throw config_error(message.str());
    }

    void refuse_unknown_keys(std::initializer_list<std::string_view> known) const {
        for (auto&& [key, value] : table_) {
            if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
            std::string list;
            for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
            fail(key.str(), "unknown key (expected one of: " + list + ")");
        }
    }

    bool has(std::string_view key) const { return table_.contains(key); }

    std::string string(std::string_view key,
                       std::optional<std::string> fallback = std::nullopt) const {
        const auto* node = table_.get(key);
        if (!node) {
            if (fallback) return *fallback;
            fail(key, "missing (expected a string)");
        }
        auto value = node->value<std::string>();
        if (!value || value->empty()) fail(key, "expected a non-empty string");
        return *value;
    }

    // A file named relative to the config file (or absolute) that exists and can be read now,
    // so that a wrong path shows at start-up rather than as a failed delivery.
    std::filesystem::path readable_file(std::string_view key) const {
        auto file = std::filesystem::path(source_).parent_path() / string(key);
        if (!std::ifstream(file).good()) fail(key, "cannot read the file " + file.string());
        return file;
    }

    std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) const {
        const auto* node = table_.get(key);
        if (!node) return fallback;
        auto value = node->as_integer();
        if (!value || value->get() < min || value->get() > max)
            fail(key, "expected a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max));
        return value->get();
    }

    bool boolean(std::string_view key, bool fallback) const {
        const auto* node = table_.get(key);
        if (!node) return fallback;
        auto value = node->as_boolean();
        if (!value) fail(key, "expected true or false");
        return value->get();
    }

    std::vector<std::string> strings(std::string_view key) const {
        const auto* node = table_.get(key);
        if (!node) return {};
        const auto* array = node->as_array();
        if (!array) fail(key, "expected an array of strings");
        std::vector<std::string> result;
        for (const auto& item : *array) {
            auto value = item.value<std::string>();
            if (!value || value->empty()) fail(key, "expected an array of non-empty strings");
            if (std::find(result.begin(), result.end(), *value) != result.end())
                fail(key, "\"" + *value + "\" is listed twice");
            result.push_back(*value);
        }
        return result;
    }

    table_reader table(std::string_view key) const {
        const auto* node = table_.get(key);
        static const toml::table empty;
        if (!node) return table_reader(empty, source_, qualified(key));
        const auto* table = node->as_table();
        if (!table) fail(key, "expected a table");
        return table_reader(*table, source_, qualified(key));
    }

    std::vector<table_reader> tables(std::string_view key) const {
        const auto* node = table_.get(key);
        if (!node) return {};
        const auto* array = node->as_array();
        if (!array) fail(key, "expected an array of tables ([[" + qualified(key) + "]])");
        std::vector<table_reader> result;
        std::size_t index = 0;
        for (const auto& item : *array) {
            const auto* table = item.as_table();
            if (!table) fail(key, "expected an array of tables");
            result.emplace_back(*table, source_,
                                qualified(key) + "[" + std::to_string(index++) + "]");
        }
        return result;
    }

    const toml::table& raw() const { return table_; }
    std::string qualified(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

private:
    const toml::table& table_;
    std::string source_;
    std::string path_;
};

}  // namespace samtal
