// Readiness that tells the truth: /readyz fails while the store cannot commit (the file system
// refuses the service's writes, as a full disk does) and while contact data is sealed under a
// key the service no longer has, and is ready again once the cause is gone, without help.
// (A stuck outbox worker is tested against a clock the test moves: outbox_worker_test.)
#include "integration/fixture.hpp"
#include "service/privacy/sealed_box.hpp"
#include "support/shell_command.hpp"

namespace samtal::testing {
namespace {

namespace fs = std::filesystem;

class readiness : public service_test {
protected:
    // /readyz once it answers `status`, within ten seconds (or the last answer).
    http_answer readyz_when(int status) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        auto answer = get("/readyz");
        while (answer.status != status && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            answer = get("/readyz");
        }
        return answer;
    }

    static std::string part(const http_answer& answer, const char* name) {
        auto parsed = boost::json::parse(answer.body).as_object();
        auto found = parsed.if_contains(name);
        return found && found->is_string() ? std::string(found->as_string()) : "";
    }

    // How large a file the service may write (prlimit's soft:hard), as `ulimit -f` would have
    // set it: beyond that a write fails the way it does on a full disk.
    void limit_file_size(const std::string& limits) {
        auto set =
            run_command("prlimit --pid " + std::to_string(service_.pid()) + " --fsize=" + limits);
        ASSERT_EQ(set.status, 0) << set.output;
    }
};

TEST_F(readiness, fails_while_the_store_cannot_commit_and_recovers_by_itself) {
    if (service_.store().is_postgresql())
        GTEST_SKIP() << "stops the service writing SQLite's file (its file size limit); "
                        "PostgreSQL writes its files itself";
    auto times = free_times();
    ASSERT_GE(times.size(), 2u);
    auto ready = readyz_when(200);
    ASSERT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(part(ready, "store"), "writable");

    limit_file_size("1:unlimited");
    auto full = readyz_when(503);
    EXPECT_EQ(full.status, 503) << full.body;
    EXPECT_EQ(part(full, "status"), "not ready");
    EXPECT_EQ(part(full, "store"), "not writable");
    EXPECT_EQ(part(full, "outbox_worker"), "alive");
    // A booking meanwhile is refused, not acknowledged and lost.
    auto refused = post_json("/api/v1/bookings", phone_booking(times[0]));
    EXPECT_EQ(refused.status, 503) << refused.body;

    limit_file_size("unlimited:unlimited");
    auto back = readyz_when(200);
    EXPECT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(part(back, "store"), "writable");
    auto booked = post_json("/api/v1/bookings", phone_booking(times[0]));
    EXPECT_EQ(booked.status, 201) << booked.body;
}

TEST_F(readiness, fails_while_contact_data_is_sealed_under_a_key_the_service_lost) {
    auto booked = post_json("/api/v1/bookings", phone_booking(free_times().at(0)));
    ASSERT_EQ(booked.status, 201) << booked.body;
    auto ready = readyz_when(200);
    ASSERT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(part(ready, "seal_keys"), "complete");

    // The seal key is replaced without keeping the old one as previous (the demo setting makes
    // a new key when the file is missing).
    auto keys = service_.data_dir() / "keys";
    std::ifstream old_file(keys / "seal.key");
    std::string old_hex;
    old_file >> old_hex;
    secret_key old_key{};
    ASSERT_TRUE(parse_hex_key(old_hex, old_key));
    auto old_id = sealed_box(old_key).key_id();
    service_.stop();
    fs::rename(keys / "seal.key", keys / "seal-2026.key");
    service_.start();
    auto lost = get("/readyz");
    EXPECT_EQ(lost.status, 503) << lost.body;
    EXPECT_EQ(part(lost, "seal_keys"), "missing");
    EXPECT_EQ(part(lost, "store"), "writable");
    EXPECT_NE(lost.body.find("\"missing_seal_keys\":[\"" + old_id + "\"]"), std::string::npos)
        << lost.body;
    EXPECT_EQ(lost.body.find(old_hex), std::string::npos);

    // With the old key back as a previous key, ready again.
    service_.stop();
    std::ifstream config_in(service_.config_file());
    std::stringstream config;
    config << config_in.rdbuf();
    auto text = config.str();
    text.replace(text.find("create_missing_keys = true"), 26,
                 "create_missing_keys = true\nprevious_seal_key_files = [\"keys/seal-2026.key\"]");
    std::ofstream(service_.config_file()) << text;
    service_.start();
    auto restored = get("/readyz");
    EXPECT_EQ(restored.status, 200) << restored.body;
    EXPECT_EQ(part(restored, "seal_keys"), "complete");
}

}  // namespace
}  // namespace samtal::testing
