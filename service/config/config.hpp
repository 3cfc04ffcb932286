// The service's configuration: read from TOML, validated against a schema that refuses
// unknown keys, and turned into the plain values the rest of the service uses: the units as
// the core's types (core/unit.hpp), and the settings of the server around them.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/outgoing_http/outgoing_config.hpp"
#include "service/core/staff_identity.hpp"
#include "service/core/unit.hpp"
#include "service/core/wall_time.hpp"
#include "service/http/settings.hpp"
#include "service/signin/oidc_config.hpp"

namespace samtal {

struct secrets_config {
    std::filesystem::path code_key_file = "keys/code.key";
    std::filesystem::path seal_key_file = "keys/seal.key";
    // Keys that sealed contact data before seal_key_file's key did: they only open, so that
    // bookings made before a key change keep their contact data.
    std::vector<std::filesystem::path> previous_seal_key_files;
    bool create_missing_keys = false;
};

// The outbox worker's pace: retries back off exponentially with jitter.
struct outbox_config {
    std::chrono::milliseconds poll_interval{1000};
    std::chrono::milliseconds first_retry{2000};
    std::chrono::milliseconds longest_retry{15 * 60 * 1000};
    int max_attempts = 50;  // then the message is dead and shows as a delivery problem
    // How long an instance holds a due message, call or reminder it claimed (store/row_leases.hpp)
    // before another instance may take it over: longer than an attempt's outgoing calls can take.
    std::chrono::milliseconds lease{5 * 60 * 1000};
};

// A staff or service token, known only by its SHA-256 (the token itself is never stored).
// A service token for the staff API, bound to one unit and a role (core/staff_identity.hpp).
struct staff_token {
    staff_identity identity;
    std::array<unsigned char, 32> sha256{};
};

// A staff account the file provides, with its password as an Argon2id hash (the demo's
// coordinator); samtal adds it at start or brings it in line with the file.
struct configured_staff_account {
    staff_identity identity;  // its name is the e-mail address
    std::string password_hash;
};

// Where bookings are kept: the embedded SQLite file in data_dir, or a PostgreSQL server that
// several instances share, its connection string read from the environment variable named by
// postgresql_url_env (never from the file, which is often readable by more people).
struct storage_config {
    enum class engine_kind { sqlite, postgresql };
    engine_kind engine = engine_kind::sqlite;
    std::string postgresql_url_env;
};

struct config {
    std::filesystem::path source;
    server_config server;
    abuse_limits_config abuse_limits;
    std::filesystem::path data_dir = "var";
    storage_config storage;
    // Booking rows live this many days after the end of their conversation; then they are
    // rolled up into counts per day and deleted.
    int keep_booking_rows_days = 90;
    secrets_config secrets;
    outbox_config outbox;
    outgoing_config outgoing;
    std::vector<staff_token> staff_tokens;
    std::vector<configured_staff_account> staff_accounts;
    std::vector<unit_config> units;
    signin_config signin;

    const unit_config* find_unit(std::string_view unit_id) const;
};

// Reads and validates a configuration file; throws config_error.
config load_config(const std::filesystem::path& file);

// Parses and validates configuration text; `source` names it in messages.
config parse_config(std::string_view text, const std::string& source);

// "HOST:PORT" or "[V6]:PORT"; throws config_error naming `what`.
void parse_listen_address(std::string_view text, const std::string& what, server_config& server);

}  // namespace samtal
