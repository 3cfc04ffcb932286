// samtal's command line: serve, migrate, check-config, purge, backup, restore,
// generate-history, staff add.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "adapters/delivery/spool/spool_delivery.hpp"
#include "service/app/application.hpp"
#include "service/app/configured_store.hpp"
#include "service/app/generate_history.hpp"
#include "service/config/config.hpp"
#include "service/http/server_certificate.hpp"
#include "service/store/backup.hpp"
#include "service/store/booking_store.hpp"
#include "service/store/copy_store.hpp"
#include "service/store/database.hpp"
#include "service/store/purge.hpp"
#include "service/store/staff_account_store.hpp"

namespace {

constexpr const char* k_usage = R"(samtal — booking and invitations for parenting-support units

Usage:
  samtal serve        [--config FILE] [--listen HOST:PORT] [--data-dir DIR]
  samtal migrate      [--config FILE] [--data-dir DIR]
  samtal check-config [--config FILE]
  samtal purge        [--config FILE] [--data-dir DIR]
  samtal backup       --to FILE [--config FILE] [--data-dir DIR]
  samtal restore      --from FILE [--config FILE] [--data-dir DIR]
  samtal copy-store   --from STORE --to STORE [--config FILE]
  samtal generate-history --count N [--config FILE] [--data-dir DIR]
  samtal staff add    --email ADDRESS --role ROLE [--unit UNIT] [--advisor ID]
                      [--config FILE] [--data-dir DIR]
  samtal --help | --version

  serve          run the service until SIGTERM or SIGINT (the default command)
  migrate        create or upgrade the database, then exit
  check-config   validate the configuration file, then exit
  purge          destroy contact data, and spooled messages, whose conversation is over
                 (serve does this every minute), then exit
  backup         copy the database to FILE (a new file), also while samtal serves; the
                 key files are not in it: keep them apart (docs/operations.md)
  restore        put the backup FILE in place as the database of a data folder that has
                 none (never over an existing one); serve or migrate then upgrades it
  copy-store     copy every booking, sealed contact, message, schedule, account and count
                 from one store into another, empty one, in one transaction: STORE is
                 sqlite:PATH (a samtal.db) or postgresql (the one [storage] names)
  generate-history
                 add N past conversations to the first unit's store, for benchmarks
  staff add      add a staff account (role advisor, coordinator, manager or operator; every
                 role but operator names its unit, an advisor their advisor id) and print
                 a link to set its password, which works once and for 24 hours

Options:
  --config FILE       configuration file (default: /etc/samtal/samtal.toml)
  --listen HOST:PORT  listen here instead of server.listen (port 0: any free port)
  --data-dir DIR      keep the database and key files here instead of storage.data_dir
  --to FILE           backup: the file to write, which must not exist
  --from FILE         restore: the backup to put in place

Environment:
  SAMTAL_CODE_KEY, SAMTAL_SEAL_KEY   64 hex digits each; otherwise read from the key files
  SAMTAL_PREVIOUS_SEAL_KEYS          former seal keys (comma-separated) that still open
                                     contact data sealed under them
)";

struct command_line {
    std::string command = "serve";
    std::string config_file = "/etc/samtal/samtal.toml";
    std::optional<std::string> listen;
    std::optional<std::string> data_dir;
    std::string copy_file;  // backup --to, restore --from
    std::string copy_from;  // copy-store
    std::string copy_to;
    int count = 0;
    samtal::staff_identity account;  // staff add
};

// Exits with status 2 and a message for a command line that cannot be used.
[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "samtal: " << message << "\nRun 'samtal --help' for usage.\n";
    std::exit(2);
}

command_line parse_command_line(int argc, char** argv) {
    command_line parsed;
    std::vector<std::string> args(argv + 1, argv + argc);
    std::size_t i = 0;
    if (i < args.size() && !args[i].starts_with("-")) parsed.command = args[i++];
    if (parsed.command == "staff") {
        if (i >= args.size() || args[i] != "add") usage_error("'staff' is followed by 'add'");
        parsed.command = "staff add";
        ++i;
    }
    constexpr std::string_view k_commands[] = {
        "serve",   "migrate",          "check-config", "purge",     "backup",
        "restore", "generate-history", "staff add",    "copy-store"};
    if (std::find(std::begin(k_commands), std::end(k_commands), parsed.command) ==
        std::end(k_commands))
        usage_error("unknown command '" + parsed.command + "'");
    for (; i < args.size(); ++i) {
        const auto& arg = args[i];
        auto value = [&](const char* option) {
            if (i + 1 >= args.size()) usage_error(std::string(option) + " needs a value");
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << k_usage;
            std::exit(0);
        } else if (arg == "--version") {
            std::cout << "samtal " SAMTAL_VERSION "\n";
            std::exit(0);
        } else if (arg == "--config") {
            parsed.config_file = value("--config");
        } else if (arg == "--listen" && parsed.command == "serve") {
            parsed.listen = value("--listen");
        } else if (arg == "--data-dir" && parsed.command != "check-config") {
            parsed.data_dir = value("--data-dir");
        } else if ((arg == "--to" && parsed.command == "backup") ||
                   (arg == "--from" && parsed.command == "restore")) {
            parsed.copy_file = value(arg.c_str());
        } else if ((arg == "--from" || arg == "--to") && parsed.command == "copy-store") {
            (arg == "--from" ? parsed.copy_from : parsed.copy_to) = value(arg.c_str());
        } else if (arg == "--count" && parsed.command == "generate-history") {
            auto text = value("--count");
            if (text.empty() || text.size() > 8 ||
                text.find_first_not_of("0123456789") != std::string::npos)
                usage_error("--count takes a whole number up to 99999999");
            parsed.count = std::stoi(text);
        } else if (parsed.command == "staff add" &&
                   (arg == "--email" || arg == "--role" || arg == "--unit" || arg == "--advisor")) {
            auto& who = parsed.account;
            (arg == "--email"  ? who.name
             : arg == "--role" ? who.role
             : arg == "--unit" ? who.unit
                               : who.advisor) = value(arg.c_str());
        } else {
            usage_error("unknown option '" + arg + "' for " + parsed.command);
        }
    }
    if (parsed.command == "backup" && parsed.copy_file.empty())
        usage_error("backup needs --to FILE");
    if (parsed.command == "restore" && parsed.copy_file.empty())
        usage_error("restore needs --from FILE");
    if (parsed.command == "copy-store") {
        for (const auto* store : {&parsed.copy_from, &parsed.copy_to})
            if (!store->starts_with("sqlite:") && *store != "postgresql")
                usage_error("copy-store needs --from and --to, each sqlite:PATH or postgresql");
        if (parsed.copy_from == parsed.copy_to)
            usage_error("copy-store copies from one store into another");
    }
    return parsed;
}

// A side of copy-store: a SQLite file, or the PostgreSQL store the configuration names.
samtal::store_location copy_store_side(const std::string& store, const samtal::config& settings,
                                       bool must_exist) {
    if (store.starts_with("sqlite:")) {
        std::filesystem::path file = store.substr(7);
        if (must_exist && !std::filesystem::exists(file))
            throw std::runtime_error(file.string() + ": no such store to copy from");
        return samtal::sqlite_file{file};
    }
    if (settings.storage.engine != samtal::storage_config::engine_kind::postgresql)
        throw std::runtime_error(
            "copy-store's postgresql is the store the configuration names: set [storage] engine "
            "= \"postgresql\" and postgresql_url_env in " +
            settings.source.string() + " first");
    return samtal::configured_store(settings);
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parse_command_line(argc, argv);
    // A file that may grow no further (a file-size limit, ulimit -f) then fails the write like
    // a full disk: the store refuses the commit and /readyz says so, instead of the signal's
    // default ending the process in the middle of a commit.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        auto settings = samtal::load_config(options.config_file);
        if (options.listen)
            samtal::parse_listen_address(*options.listen, "--listen", settings.server);
        if (options.data_dir) settings.data_dir = *options.data_dir;

        if (options.command == "check-config") {
            if (settings.server.serves_tls())
                samtal::server_certificate(settings.server, options.config_file);
            std::cout << options.config_file << ": valid (" << settings.units.size()
                      << " unit(s))\n";
            return 0;
        }
        if (options.command == "migrate") {
            samtal::database store(samtal::configured_store(settings));
            std::cout << "database schema at version " << store.schema_version() << "\n";
            return 0;
        }
        if ((options.command == "backup" || options.command == "restore") &&
            settings.storage.engine != samtal::storage_config::engine_kind::sqlite) {
            std::cerr << "samtal: " << options.command
                      << " copies the embedded SQLite store; a PostgreSQL store is backed up "
                         "and restored with PostgreSQL's own tools (pg_dump, base backups), "
                         "as deploy/README.md describes\n";
            return 2;
        }
        if (options.command == "backup") {
            auto copy = samtal::back_up_store(settings.data_dir / "samtal.db", options.copy_file);
            std::cout << "backed up the database (schema version " << copy.schema_version << ", "
                      << copy.bytes << " bytes) to " << options.copy_file
                      << "; the key files are not in it\n";
            return 0;
        }
        if (options.command == "restore") {
            auto store = settings.data_dir / "samtal.db";
            auto copy = samtal::restore_store(options.copy_file, store);
            std::cout << "restored " << options.copy_file << " (schema version "
                      << copy.schema_version << ") as " << store.string()
                      << "; samtal needs the key files it was made with\n";
            return 0;
        }
        if (options.command == "copy-store") {
            samtal::database from(copy_store_side(options.copy_from, settings, true));
            samtal::database to(copy_store_side(options.copy_to, settings, false));
            auto copied = samtal::copy_store(from, to);
            for (const auto& [table, rows] : copied)
                std::cout << table << ": " << rows << " row(s)\n";
            std::cout << "copied " << options.copy_from << " into " << options.copy_to
                      << "; samtal needs the same key files there\n";
            return 0;
        }
        if (options.command == "generate-history") {
            samtal::database store(samtal::configured_store(settings));
            const auto& unit = settings.units.front();
            std::vector<std::string> advisors;
            for (const auto& advisor : unit.advisors_from_file) advisors.push_back(advisor.id);
            samtal::generate_history(
                store, unit.id, unit.sites.front().id, advisors,
                date::floor<std::chrono::seconds>(std::chrono::system_clock::now()), options.count);
            std::cout << "added " << options.count << " past conversation(s)\n";
            return 0;
        }
        if (options.command == "staff add") {
            samtal::database store(samtal::configured_store(settings));
            samtal::staff_account_store accounts_store(store);
            samtal::staff_accounts accounts(settings.units, accounts_store, samtal::system_clock());
            auto added = accounts.add(options.account);
            if (!added) {
                for (const auto& field : added.error().fields)
                    std::cerr << "samtal: --" << field.field << ": " << field.code << "\n";
                return 2;
            }
            std::cout << "added " << options.account.name << "; the password is set at\n"
                      << "  /staff/password?link=" << added.value() << "\n"
                      << "on this service's address, once, within 24 hours\n";
            return 0;
        }
        if (options.command == "purge") {
            samtal::database store(samtal::configured_store(settings));
            samtal::booking_store bookings(store);
            samtal::statistics_store statistics(store);
            samtal::purge purge(
                bookings,
                [&](samtal::sys_seconds now) {
                    return samtal::purge_spools(settings.data_dir, settings.units, now);
                },
                samtal::booking_retention{statistics, settings.units,
                                          settings.keep_booking_rows_days});
            auto removed =
                purge.run(date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
            std::cout << "destroyed the contact data of " << removed.contacts << " booking(s)\n";
            std::cout << "removed " << removed.copies
                      << " spooled message(s) past their conversation\n";
            std::cout << "forgot " << removed.claims << " claim(s) on time that has passed\n";
            std::cout << "rolled " << removed.rolled_up
                      << " booking(s) past the retention into the daily counts\n";
            return 0;
        }
        samtal::application app(std::move(settings));
        app.serve();
        return 0;
    } catch (const samtal::config_error& error) {
        std::cerr << "samtal: configuration error: " << error.what() << "\n";
        return 78;  // EX_CONFIG
    } catch (const std::exception& error) {
        // Start-up failures (keys, database, address in use) carry no parent data.
        std::cerr << "samtal: " << error.what() << "\n";
        return 1;
    }
}
