// For tests that run real samtal instances on PostgreSQL: the configuration that puts an
// instance on the store whose connection string is in SAMTAL_POSTGRESQL_URL, and the key
// files a further instance of the same installation must share.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "integration/fixture.hpp"

namespace samtal::testing {

// `text` (a whole configuration with a [storage] table) on PostgreSQL.
inline std::string on_postgresql(std::string text = service_config_text()) {
    auto at = text.find("[storage]\n");
    text.insert(at + std::string("[storage]\n").size(),
                "engine = \"postgresql\"\npostgresql_url_env = \"SAMTAL_POSTGRESQL_URL\"\n");
    return text;
}

// A `prepare` for service_process that gives the new data folder the key files of `data_dir`:
// instances that share a store share their keys, or one could not find the codes another
// hashed nor open what it sealed.
inline std::function<void(const std::filesystem::path&)> keys_from(std::filesystem::path data_dir) {
    return [data_dir](const std::filesystem::path& to) {
        std::filesystem::create_directories(to);
        std::filesystem::copy(data_dir / "keys", to / "keys",
                              std::filesystem::copy_options::recursive);
    };
}

}  // namespace samtal::testing
