// One of the local fakes of an outside API (tests/fakes/<script>) on a loopback port, started
// with Debian's python and stopped when the test ends, with what every fake there offers
// (tests/fakes/fake_server.py): the log of the API requests it received, failures of the next
// requests, and the fake's own steering paths.
#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "integration/http_client.hpp"
#include "support/external_process.hpp"

namespace samtal::testing {

class fake_server {
public:
    // Runs `script PORT arguments...`; its output goes to `log_dir`/<script>.log.
    fake_server(const std::string& script, const std::vector<std::string>& arguments,
                const std::filesystem::path& log_dir)
        : process_(command_line(script, port_, arguments), port_,
                   (log_dir / std::filesystem::path(script).replace_extension(".log")).string()) {
        process_.start();
    }

    unsigned short port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Every API request received, oldest first: time (Unix seconds), method, path, query,
    // authorization, content_type, body, and what the fake adds.
    std::vector<boost::json::object> requests() const {
        std::vector<boost::json::object> seen;
        auto log = boost::json::parse(http_request(port_, "GET", "/_log").body);
        for (const auto& request : log.as_array()) seen.push_back(request.as_object());
        return seen;
    }

    // The next `times` requests whose path contains `path_part` (and that call `to`, when it
    // is given) get `status`.
    void fail_next(std::string_view path_part, int status, int times,
                   const std::string& to = "") const {
        boost::json::object failure{
            {"path_contains", path_part}, {"status", status}, {"times", times}};
        if (!to.empty()) failure["to"] = to;
        steer("/_fail", failure);
    }

    // Sends the fake's own steering path `path` the `command`; answers the fake's answer.
    http_answer steer(const std::string& path, const boost::json::object& command = {}) const {
        return http_request(port_, "POST", path, boost::json::serialize(command));
    }

private:
    static std::vector<std::string> command_line(const std::string& script, unsigned short port,
                                                 const std::vector<std::string>& arguments) {
        // -B: no __pycache__ written into the source tree.
        std::vector<std::string> argv{"/usr/bin/python3", "-B",
                                      SAMTAL_SOURCE_DIR "/tests/fakes/" + script,
                                      std::to_string(port)};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        return argv;
    }

    unsigned short port_ = free_port();
    external_process process_;
};

}  // namespace samtal::testing
