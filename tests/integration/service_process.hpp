// The real samtal binary, started on port 0 with a temporary config and data folder, and
// stopped with SIGTERM. Its standard error (the log) is kept in a file for the test to read.
// Its store is the test run's engine (support/test_store.hpp): samtal.db in the data folder,
// or under SAMTAL_TEST_STORE=postgresql a database of its own, whose connection string the
// config's [storage] postgresql_url_env names in this process's environment (so that the
// service and any command run with its config both find it).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>

#include "support/temp_dir.hpp"
#include "support/test_store.hpp"

namespace samtal::testing {

class service_process {
public:
    // Writes `config_text` to a file and starts `samtal serve` on 127.0.0.1:0; `prepare`, when
    // given, first gets the (not yet created) data folder to put things in.
    explicit service_process(
        const std::string& config_text,
        const std::function<void(const std::filesystem::path& data_dir)>& prepare = {});
    ~service_process();

    // Starts the binary (again, on the same data folder) and waits for its "listening" line;
    // throws when it does not come within twenty seconds.
    void start();

    // SIGKILL: no chance to finish anything.
    void kill_hard();

    // SIGHUP: load the TLS certificate again.
    void reload();

    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path& data_dir() const { return data_dir_; }
    const std::filesystem::path& config_file() const { return config_file_; }
    const test_store& store() const { return store_; }
    std::filesystem::path log_file() const { return dir_.path() / "samtal.log"; }

    // Sends SIGTERM and waits; returns the exit status (or -1 when it had to be killed).
    int stop();

    // Every file the service wrote (the database, its WAL, key files, the log) as one string,
    // apart from the invitations in the spool folder; on PostgreSQL with every row of the
    // store as text.
    std::string everything_written() const;

private:
    temp_dir dir_;
    std::filesystem::path config_file_;
    std::filesystem::path data_dir_;
    test_store store_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

}  // namespace samtal::testing
