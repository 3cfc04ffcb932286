#include "integration/service_process.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace samtal::testing {
namespace {

// `config_text` with its [storage] section naming `store`: unchanged for SQLite; for
// PostgreSQL, engine and postgresql_url_env, the variable (one per service, set here) holding
// the database's connection string.
std::string with_store(std::string config_text, const test_store& store) {
    if (!store.is_postgresql()) return config_text;
    static std::atomic<int> services{0};
    auto variable = "SAMTAL_TEST_STORE_URL_" + std::to_string(services++);
    ::setenv(variable.c_str(), store.postgresql().url().c_str(), 1);
    auto keys = "engine = \"postgresql\"\npostgresql_url_env = \"" + variable + "\"\n";
    auto section = config_text.find("[storage]\n");
    if (section == std::string::npos) return config_text + "\n[storage]\n" + keys;
    return config_text.insert(section + std::string_view("[storage]\n").size(), keys);
}

}  // namespace

service_process::service_process(
    const std::string& config_text,
    const std::function<void(const std::filesystem::path& data_dir)>& prepare)
    : config_file_(dir_.path() / "samtal.toml"),
      data_dir_(dir_.path() / "data"),
      store_(data_dir_) {
    std::ofstream(config_file_) << with_store(config_text, store_);
    if (prepare) prepare(data_dir_);
    start();
}

void service_process::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

void service_process::reload() {
    if (pid_ > 0) ::kill(pid_, SIGHUP);
}

void service_process::start() {
    auto stdout_file = dir_.path() / "stdout.txt";
    std::filesystem::remove(stdout_file);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // A test that crashes takes its service with it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        auto out = std::freopen(stdout_file.c_str(), "w", stdout);
        auto err = std::freopen(log_file().c_str(), "a", stderr);
        (void)out;
        (void)err;
        ::setenv("SAMTAL_CODE_KEY", "", 1);
        ::setenv("SAMTAL_SEAL_KEY", "", 1);
        ::execl(SAMTAL_BINARY, SAMTAL_BINARY, "serve", "--config", config_file_.c_str(), "--listen",
                "127.0.0.1:0", "--data-dir", data_dir_.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    // Sanitizer builds start slowly; the deadline is generous.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(stdout_file);
        std::string line;
        if (std::getline(in, line)) {
            auto colon = line.rfind(':');
            if (line.starts_with("samtal listening on") && colon != std::string::npos) {
                port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
                return;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            std::ifstream log(log_file());
            std::stringstream text;
            text << log.rdbuf();
            throw std::runtime_error("samtal exited at start: " + text.str());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
    throw std::runtime_error("samtal did not say it was listening");
}

service_process::~service_process() { stop(); }

int service_process::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1000; ++i) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
}

std::string service_process::everything_written() const {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
        // The spool folder is the outgoing mail itself: the advisors' invitations, which are
        // meant to carry the number or link (invitation_delivery_test checks them).
        if (!entry.is_regular_file() || entry.path().parent_path() == data_dir_ / "spool") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        all += text.str();
    }
    if (store_.is_postgresql()) all += store_.everything_stored();
    return all;
}

}  // namespace samtal::testing
