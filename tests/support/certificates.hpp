// Certificates made with the openssl command at test time, for servers on loopback.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/shell_command.hpp"

namespace samtal::testing {

// A self-signed certificate for 127.0.0.1 whose subject is CN=`name`; it is its own CA.
inline void make_certificate(const std::filesystem::path& certificate,
                             const std::filesystem::path& key, const std::string& name) {
    auto made = run_command(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-days 2 -subj /CN=" +
        name + " -addext subjectAltName=IP:127.0.0.1 -keyout " + key.string() + " -out " +
        certificate.string());
    ASSERT_EQ(made.status, 0) << made.output;
}

}  // namespace samtal::testing
