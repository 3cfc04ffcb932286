// The store the configuration names: the SQLite file in data_dir, or the PostgreSQL server
// whose connection string is in the environment variable [storage] postgresql_url_env names.
#pragma once

#include "service/config/config.hpp"
#include "service/store/database.hpp"

namespace samtal {

// Throws std::runtime_error, naming the variable but never its value, when that variable is
// not set.
store_location configured_store(const config& settings);

}  // namespace samtal
