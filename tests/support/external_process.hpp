// A real server from Debian's packages (an SMTP server, a CalDAV server) started by a test on
// a loopback port and stopped when the test ends.
#pragma once

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace samtal::testing {

// A port nobody listens on right now (the system's choice for port 0).
inline unsigned short free_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

inline bool accepts_connections(unsigned short port) {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::socket socket(ioc);
    boost::system::error_code ec;
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    return !ec;
}

class external_process {
public:
    external_process(std::vector<std::string> argv, unsigned short port, std::string log_file)
        : argv_(std::move(argv)), port_(port), log_file_(std::move(log_file)) {}
    ~external_process() { stop(); }
    external_process(const external_process&) = delete;
    external_process& operator=(const external_process&) = delete;

    void start() {
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            auto out = std::freopen(log_file_.c_str(), "a", stdout);
            auto err = std::freopen(log_file_.c_str(), "a", stderr);
            (void)out;
            (void)err;
            std::vector<char*> args;
            for (auto& arg : argv_) args.push_back(arg.data());
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            std::_Exit(127);
        }
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!accepts_connections(port_)) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error(argv_[0] + " exited at start; see " + log_file_);
            }
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error(argv_[0] + " did not listen");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 200; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    unsigned short port() const { return port_; }

private:
    std::vector<std::string> argv_;
    unsigned short port_;
    std::string log_file_;
    pid_t pid_ = -1;
};

}  // namespace samtal::testing
