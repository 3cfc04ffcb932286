#include "service/config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "service/config/signin_reader.hpp"
#include "service/config/table_reader.hpp"
#include "service/config/unit_reader.hpp"
#include "service/core/advisor_rules.hpp"
#include "service/privacy/password_hash.hpp"
#include "service/privacy/secret_key.hpp"

namespace samtal {
namespace {

// Who a staff token or a configured account is: `name_key` names them, then a role; every role
// but operator acts for one of `read`'s units, an advisor's also for one advisor in it.
staff_identity read_staff_identity(const table_reader& entry, const char* name_key,
                                   const config& read) {
    staff_identity who;
    who.name = entry.string(name_key);
    who.role = entry.string("role");
    if (std::find(std::begin(k_staff_roles), std::end(k_staff_roles), who.role) ==
        std::end(k_staff_roles))
        entry.fail("role", "expected \"advisor\", \"coordinator\", \"manager\" or \"operator\"");
    if (who.role != "operator" || entry.has("unit")) {
        who.unit = entry.string("unit");
        if (!read.find_unit(who.unit))
            entry.fail("unit", "\"" + who.unit + "\" is not one of the [[units]]");
    }
    if (who.role == "advisor") {
        who.advisor = entry.string("advisor");
        if (!is_advisor_id(who.advisor))
            entry.fail("advisor", "expected an advisor id (a-z, 0-9 and -)");
    } else if (entry.has("advisor")) {
        entry.fail("advisor", "only an advisor names an advisor");
    }
    return who;
}

constexpr int k_calls_per_attempt = 4;

// The longest timeout of the outgoing calls the units' accounts make (an interpreter agency's
// only when it has an HTTP API; its mail goes through the invitations' delivery).
std::chrono::milliseconds longest_outgoing_timeout(const std::vector<unit_config>& units) {
    std::chrono::milliseconds longest{0};
    for (const auto& unit : units) {
        longest =
            std::max({longest, unit.invitations.smtp.timeout, unit.invitations.caldav.timeout});
        if (unit.interpreters.agency == "http")
            longest = std::max(longest, unit.interpreters.timeout);
        for (const auto& hosted : unit.hosted_meetings) longest = std::max(longest, hosted.timeout);
        if (unit.telephony) longest = std::max(longest, unit.telephony->timeout);
    }
    return longest;
}

}  // namespace

const unit_config* config::find_unit(std::string_view unit_id) const {
    return samtal::find_unit(units, unit_id);
}

void parse_listen_address(std::string_view text, const std::string& what, server_config& server) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
        throw config_error(what + ": expected HOST:PORT, like 127.0.0.1:8080");
    auto host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    unsigned port = 0;
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535)
            throw config_error(what + ": the port must be a number 0-65535");
        port = port * 10 + unsigned(c - '0');
    }
    if (port > 65535) throw config_error(what + ": the port must be a number 0-65535");
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(host), ec);
    if (ec)
        throw config_error(what + ": \"" + std::string(host) +
                           "\" is not an IP address (like 127.0.0.1 or ::1)");
    server.listen_host = std::string(host);
    server.listen_port = std::uint16_t(port);
}

config parse_config(std::string_view text, const std::string& source) {
    toml::table document;
    try {
        document = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        std::ostringstream message;
        message << source << ":" << error.source().begin.line << ":" << error.source().begin.column
                << ": " << error.description();
        throw config_error(message.str());
    }
    table_reader root(document, source, "");
    root.refuse_unknown_keys({"server", "abuse_limits", "storage", "secrets", "outbox", "outgoing",
                              "staff_tokens", "staff_accounts", "units", "signin"});
    config result;
    result.source = source;

    auto server = root.table("server");
    server.refuse_unknown_keys(
        {"listen", "threads", "store_threads", "max_connections", "header_timeout_ms",
         "body_timeout_ms", "idle_timeout_ms", "max_header_bytes", "max_requests_per_connection",
         "shutdown_grace_ms", "tls_certificate_file", "tls_private_key_file"});
    if (server.has("listen"))
        parse_listen_address(server.string("listen"), source + ": server.listen", result.server);
    auto& s = result.server;
    s.threads = int(server.integer("threads", 2, 1, 64));
    s.store_threads = int(server.integer("store_threads", 4, 1, 64));
    s.max_connections = int(server.integer("max_connections", 1024, 1, 100000));
    s.header_timeout =
        std::chrono::milliseconds(server.integer("header_timeout_ms", 10000, 100, 600000));
    s.body_timeout =
        std::chrono::milliseconds(server.integer("body_timeout_ms", 15000, 100, 600000));
    s.idle_timeout =
        std::chrono::milliseconds(server.integer("idle_timeout_ms", 30000, 100, 3600000));
    s.max_header_bytes = std::size_t(server.integer("max_header_bytes", 8192, 1024, 65536));
    s.max_requests_per_connection =
        int(server.integer("max_requests_per_connection", 1000, 1, 1000000));
    s.shutdown_grace =
        std::chrono::milliseconds(server.integer("shutdown_grace_ms", 10000, 0, 600000));
    if (server.has("tls_certificate_file") != server.has("tls_private_key_file"))
        server.fail(
            server.has("tls_certificate_file") ? "tls_private_key_file" : "tls_certificate_file",
            "missing (HTTPS needs both tls_certificate_file and tls_private_key_file)");
    if (server.has("tls_certificate_file")) {
        // Relative to the config file, so that the service finds them whatever its folder.
        auto folder = std::filesystem::path(source).parent_path();
        s.tls_certificate_file = folder / server.string("tls_certificate_file");
        s.tls_private_key_file = folder / server.string("tls_private_key_file");
    }

    auto limits = root.table("abuse_limits");
    limits.refuse_unknown_keys({"booking_attempts_per_hour", "bookings_per_day",
                                "wrong_codes_per_hour", "tracked_addresses", "trusted_proxies"});
    auto& l = result.abuse_limits;
    l.booking_attempts_per_hour = int(limits.integer("booking_attempts_per_hour", 30, 1, 1000000));
    l.bookings_per_day = int(limits.integer("bookings_per_day", 10, 1, 1000000));
    l.wrong_codes_per_hour = int(limits.integer("wrong_codes_per_hour", 20, 1, 1000000));
    l.tracked_addresses = int(limits.integer("tracked_addresses", 100000, 1, 10000000));
    l.trusted_proxies = limits.strings("trusted_proxies");
    for (const auto& proxy : l.trusted_proxies) {
        boost::system::error_code ec;
        boost::asio::ip::make_address(proxy, ec);
        if (ec)
            limits.fail("trusted_proxies",
                        "\"" + proxy + "\" is not an IP address (like 127.0.0.1 or ::1)");
    }

    auto storage = root.table("storage");
    storage.refuse_unknown_keys(
        {"data_dir", "keep_booking_rows_days", "engine", "postgresql_url_env"});
    result.data_dir = storage.string("data_dir", "var");
    auto engine = storage.string("engine", "sqlite");
    if (engine == "postgresql") {
        result.storage.engine = storage_config::engine_kind::postgresql;
        result.storage.postgresql_url_env = storage.string("postgresql_url_env");
        if (result.storage.postgresql_url_env.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
            std::string::npos)
            storage.fail("postgresql_url_env",
                         "expected the name of an environment variable (letters, digits, _), "
                         "not the connection string itself");
    } else if (engine != "sqlite") {
        storage.fail("engine", "expected \"sqlite\" or \"postgresql\"");
    } else if (storage.has("postgresql_url_env")) {
        storage.fail("postgresql_url_env", "only with engine = \"postgresql\"");
    }
    result.keep_booking_rows_days = int(storage.integer("keep_booking_rows_days", 90, 1, 3650));

    auto secrets = root.table("secrets");
    secrets.refuse_unknown_keys(
        {"code_key_file", "seal_key_file", "previous_seal_key_files", "create_missing_keys"});
    result.secrets.code_key_file = secrets.string("code_key_file", "keys/code.key");
    result.secrets.seal_key_file = secrets.string("seal_key_file", "keys/seal.key");
    // strings() refuses a file listed twice; the same key in two files is refused at load.
    for (const auto& file : secrets.strings("previous_seal_key_files")) {
        if (file == result.secrets.seal_key_file)
            secrets.fail("previous_seal_key_files",
                         "\"" + file + "\" is the seal_key_file, the current key");
        result.secrets.previous_seal_key_files.push_back(file);
    }
    result.secrets.create_missing_keys = secrets.boolean("create_missing_keys", false);

    auto outbox = root.table("outbox");
    outbox.refuse_unknown_keys({"poll_interval_ms", "first_retry_ms", "longest_retry_ms",
                                "max_attempts", "lease_seconds"});
    result.outbox.poll_interval =
        std::chrono::milliseconds(outbox.integer("poll_interval_ms", 1000, 10, 60000));
    result.outbox.first_retry =
        std::chrono::milliseconds(outbox.integer("first_retry_ms", 2000, 10, 3600000));
    result.outbox.longest_retry = std::chrono::milliseconds(
        outbox.integer("longest_retry_ms", 15 * 60 * 1000, 10, 24 * 3600000));
    result.outbox.max_attempts = int(outbox.integer("max_attempts", 50, 1, 10000));
    if (result.outbox.longest_retry < result.outbox.first_retry)
        outbox.fail("longest_retry_ms", "must not be shorter than first_retry_ms");
    result.outbox.lease = std::chrono::seconds(outbox.integer("lease_seconds", 300, 1, 24 * 3600));

    auto outgoing = root.table("outgoing");
    outgoing.refuse_unknown_keys({"allow_private_hosts"});
    result.outgoing.allow_private_hosts = outgoing.strings("allow_private_hosts");

    result.signin = read_signin(root.table("signin"));

    for (const auto& entry : root.tables("units")) {
        auto unit = read_unit(entry);
        if (result.find_unit(unit.id))
            entry.fail("id", "\"" + unit.id + "\" is used by another unit");
        result.units.push_back(std::move(unit));
    }
    if (result.units.empty()) root.fail("units", "expected at least one [[units]]");
    // An attempt makes at most k_calls_per_attempt outgoing calls one after another (a hosted
    // meeting, then PUT, HEAD and PUT to a calendar; the calls of a three-way call), and begins
    // only in the first half of its lease (outbox/claimed_work.hpp): so that it ends before
    // another instance may take it over, those calls must fit into half the lease.
    auto longest = longest_outgoing_timeout(result.units);
    if (result.outbox.lease <= 2 * k_calls_per_attempt * longest)
        outbox.fail("lease_seconds", "must be longer than " +
                                         std::to_string(2 * k_calls_per_attempt) +
                                         " times the longest outgoing timeout_ms (" +
                                         std::to_string(longest.count()) +
                                         " ms), so that an attempt ends before another "
                                         "instance may take it over");

    for (const auto& entry : root.tables("staff_tokens")) {
        entry.refuse_unknown_keys({"name", "role", "unit", "advisor", "sha256"});
        staff_token token;
        token.identity = read_staff_identity(entry, "name", result);
        if (!parse_hex_key(entry.string("sha256"), token.sha256))
            entry.fail("sha256",
                       "expected the token's SHA-256 as 64 hex digits (sha256sum of the token)");
        result.staff_tokens.push_back(std::move(token));
    }
    for (const auto& entry : root.tables("staff_accounts")) {
        entry.refuse_unknown_keys({"email", "role", "unit", "advisor", "password_argon2id"});
        configured_staff_account account;
        account.identity = read_staff_identity(entry, "email", result);
        account.password_hash = entry.string("password_argon2id");
        if (!is_password_hash(account.password_hash))
            entry.fail(
                "password_argon2id",
                "expected an encoded Argon2id hash (\"$argon2id$v=19$m=…,t=…,p=…$salt$hash\") "
                "of at most 256 MiB, 10 passes and 8 lanes");
        result.staff_accounts.push_back(std::move(account));
    }
    return result;
}

config load_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw config_error(file.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), file.string());
}

}  // namespace samtal
