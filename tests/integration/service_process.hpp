// The real samtal binary, started on port 0 with a temporary config and data folder, and
// stopped with SIGTERM. Its standard error (the log) is kept in a file for the test to read.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>

#include "support/temp_dir.hpp"

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
    std::filesystem::path log_file() const { return dir_.path() / "samtal.log"; }

    // Sends SIGTERM and waits; returns the exit status (or -1 when it had to be killed).
    int stop();

    // Every file the service wrote (the database, its WAL, key files, the log) as one string,
    // apart from the invitations in the spool folder.
    std::string everything_written() const;

private:
    temp_dir dir_;
    std::filesystem::path config_file_;
    std::filesystem::path data_dir_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
};

}  // namespace samtal::testing
