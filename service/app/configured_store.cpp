#include "service/app/configured_store.hpp"

#include <cstdlib>
#include <stdexcept>

namespace samtal {

store_location configured_store(const config& settings) {
    if (settings.storage.engine == storage_config::engine_kind::sqlite)
        return sqlite_file{settings.data_dir / "samtal.db"};
    const auto& name = settings.storage.postgresql_url_env;
    const char* url = std::getenv(name.c_str());
    if (!url || !*url)
        throw std::runtime_error(settings.source.string() +
                                 ": [storage] engine is \"postgresql\", but the environment "
                                 "variable " +
                                 name +
                                 " (postgresql_url_env) that should hold "
                                 "its connection string is not set");
    return postgresql_server{url};
}

}  // namespace samtal
