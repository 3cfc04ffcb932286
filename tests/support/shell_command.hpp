// Runs a command line through the shell, for tests that check the service's output with an
// outside tool (openssl, promtool, a JSON Schema validator).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace samtal::testing {

struct command_outcome {
    int status = -1;
    std::string output;  // standard output and error together
};

inline command_outcome run_command(const std::string& command) {
    command_outcome result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> chunk;
    while (auto n = std::fread(chunk.data(), 1, chunk.size(), pipe))
        result.output.append(chunk.data(), n);
    int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace samtal::testing
