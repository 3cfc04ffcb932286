// Backups of a store that is serving: `samtal backup` copies it while two clients keep
// booking, the copy restores into a new data folder, and a service started there finds every
// booking acknowledged (201) before the backup began. A restore never overwrites a store, a
// backup never overwrites a file, and an emptied store stops the start.
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "integration/fixture.hpp"
#include "support/shell_command.hpp"

namespace samtal::testing {
namespace {

namespace fs = std::filesystem;

command_outcome samtal_command(const std::string& arguments) {
    return run_command(std::string("timeout 60 ") + SAMTAL_BINARY + " " + arguments);
}

std::string file_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class store_copies : public service_test {
protected:
    // `samtal backup` or `samtal restore` on the service's config and the given data folder.
    command_outcome copy_command(const std::string& command, const fs::path& file,
                                 const fs::path& data_dir) {
        auto option = command == "backup" ? " --to " : " --from ";
        return samtal_command(command + option + file.string() + " --config " +
                              service_.config_file().string() + " --data-dir " + data_dir.string());
    }

    std::string book(const std::string& start) {
        auto booked = post_json("/api/v1/bookings", phone_booking(start));
        EXPECT_EQ(booked.status, 201) << booked.body;
        if (booked.status != 201) return "";
        return std::string(boost::json::parse(booked.body).at("code").as_string());
    }

    // Books each of `times` in turn until told to stop, keeping the codes acknowledged.
    void book_until_stopped(const std::vector<std::string>& times) {
        for (const auto& start : times) {
            if (stop_) return;
            auto code = book(start);
            std::lock_guard lock(mutex_);
            if (!code.empty()) codes_.push_back(code);
        }
    }
    std::vector<std::string> acknowledged() {
        std::lock_guard lock(mutex_);
        return codes_;
    }

    temp_dir elsewhere_;
    std::mutex mutex_;
    std::vector<std::string> codes_;  // in the order their 201s came
    std::atomic<bool> stop_{false};
};

TEST_F(store_copies, a_backup_under_booking_load_restores_every_acknowledged_booking) {
    auto times = free_times();
    ASSERT_GE(times.size(), 24u);
    std::vector<std::string> first_client, second_client;
    for (std::size_t i = 0; i < times.size(); ++i)
        (i % 2 ? second_client : first_client).push_back(times[i]);
    std::jthread first([&] { book_until_stopped(first_client); });
    std::jthread second([&] { book_until_stopped(second_client); });

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acknowledged().size() < 6 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto before = acknowledged();
    ASSERT_GE(before.size(), 6u);
    auto backup = elsewhere_.path() / "samtal-backup.db";
    auto backed_up = copy_command("backup", backup, service_.data_dir());
    auto after_backup = acknowledged().size();
    stop_ = true;
    first.join();
    second.join();
    ASSERT_EQ(backed_up.status, 0) << backed_up.output;
    EXPECT_NE(backed_up.output.find("the key files are not in it"), std::string::npos);
    auto total = acknowledged().size();
    EXPECT_GT(total, before.size()) << "the clients stopped booking before the backup";
    std::cout << "[ load ] " << before.size() << " bookings acknowledged before the backup, "
              << after_backup - before.size() << " while it ran, " << total << " in all"
              << std::endl;

    // One snapshot: everything acknowledged before it, nothing that was never committed, and
    // no key material beside it.
    {
        SQLite::Database copy(backup.string(), SQLite::OPEN_READONLY);
        auto count = std::size_t(copy.execAndGet("SELECT count(*) FROM bookings").getInt64());
        EXPECT_GE(count, before.size());
        EXPECT_LE(count, total);
        EXPECT_EQ(copy.execAndGet("PRAGMA journal_mode").getString(), "delete");
    }
    EXPECT_EQ(fs::status(backup).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    auto code_key = file_text(service_.data_dir() / "keys/code.key");
    auto seal_key = file_text(service_.data_dir() / "keys/seal.key");
    auto copied = file_text(backup);
    EXPECT_EQ(copied.find(code_key.substr(0, 64)), std::string::npos);
    EXPECT_EQ(copied.find(seal_key.substr(0, 64)), std::string::npos);

    // Restored into a new folder (with the keys, kept apart), it serves every one of them.
    service_process restored(service_config_text(), [&](const fs::path& data_dir) {
        auto put_back = copy_command("restore", backup, data_dir);
        EXPECT_EQ(put_back.status, 0) << put_back.output;
        fs::copy(service_.data_dir() / "keys", data_dir / "keys");
    });
    for (const auto& code : before) {
        auto found = http_request(restored.port(), "GET", "/api/v1/bookings/self", "",
                                  {{"Authorization", "Bearer " + code}});
        EXPECT_EQ(found.status, 200) << found.body;
    }
}

TEST_F(store_copies, restore_never_overwrites_a_store) {
    auto code = book(free_times().at(0));
    auto backup = elsewhere_.path() / "backup.db";
    ASSERT_EQ(copy_command("backup", backup, service_.data_dir()).status, 0);
    auto before = fs::file_size(service_.data_dir() / "samtal.db");

    // Onto the running service's store: refused, and the service goes on as before.
    auto refused = copy_command("restore", backup, service_.data_dir());
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.output.find("samtal.db: exists; restore never overwrites a store"),
              std::string::npos)
        << refused.output;
    EXPECT_EQ(fs::file_size(service_.data_dir() / "samtal.db"), before);
    EXPECT_FALSE(fs::exists(service_.data_dir() / "samtal.db.partial"));
    EXPECT_EQ(get("/api/v1/bookings/self", {{"Authorization", "Bearer " + code}}).status, 200);

    // A stopped store, even one only a WAL is left of, is not overwritten either.
    auto stopped = elsewhere_.path() / "stopped";
    fs::create_directories(stopped);
    std::ofstream(stopped / "samtal.db-wal") << "wal";
    EXPECT_EQ(copy_command("restore", backup, stopped).status, 1);
    EXPECT_FALSE(fs::exists(stopped / "samtal.db"));
}

TEST_F(store_copies, bad_copies_are_refused_and_change_nothing) {
    // A backup never replaces a file that is there.
    auto kept = elsewhere_.path() / "kept.db";
    std::ofstream(kept) << "keep me";
    auto over_file = copy_command("backup", kept, service_.data_dir());
    EXPECT_EQ(over_file.status, 1);
    EXPECT_NE(over_file.output.find("kept.db: exists; a backup never overwrites a file"),
              std::string::npos)
        << over_file.output;
    EXPECT_EQ(file_text(kept), "keep me");

    // What is not a samtal store is not restored, and leaves no file behind.
    auto target = elsewhere_.path() / "new";
    auto not_a_database = copy_command("restore", kept, target);
    EXPECT_EQ(not_a_database.status, 1);
    EXPECT_NE(not_a_database.output.find("kept.db: cannot be copied: file is not a database"),
              std::string::npos)
        << not_a_database.output;
    auto other_sqlite = elsewhere_.path() / "other.db";
    SQLite::Database(other_sqlite.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
        .exec("CREATE TABLE notes (text TEXT); PRAGMA user_version = 3");
    auto not_a_store = copy_command("restore", other_sqlite, target);
    EXPECT_NE(not_a_store.output.find("other.db: is an SQLite database but not a samtal store"),
              std::string::npos)
        << not_a_store.output;
    auto missing = copy_command("restore", elsewhere_.path() / "nowhere.db", target);
    EXPECT_NE(missing.output.find("nowhere.db: no such backup file"), std::string::npos);
    EXPECT_TRUE(!fs::exists(target) || fs::is_empty(target));

    // A folder without a store has nothing to back up.
    auto no_store = copy_command("backup", elsewhere_.path() / "b.db", elsewhere_.path() / "empty");
    EXPECT_EQ(no_store.status, 1);
    EXPECT_NE(no_store.output.find("samtal.db: no store here"), std::string::npos);
    EXPECT_FALSE(fs::exists(elsewhere_.path() / "b.db"));

    // Nothing to copy is a usage error.
    EXPECT_EQ(samtal_command("backup --config " + service_.config_file().string()).status, 2);
    EXPECT_EQ(samtal_command("restore --to x.db").status, 2);
}

TEST_F(store_copies, an_emptied_store_stops_the_start_and_a_new_folder_gets_one) {
    auto emptied = elsewhere_.path() / "emptied";
    fs::create_directories(emptied);
    std::ofstream(emptied / "samtal.db");  // 0 bytes, as a full disk or a bad copy leaves it
    for (const char* command : {"serve --listen 127.0.0.1:0", "migrate"}) {
        auto refused =
            samtal_command(std::string(command) + " --config " + service_.config_file().string() +
                           " --data-dir " + emptied.string());
        EXPECT_EQ(refused.status, 1) << command;
        EXPECT_NE(refused.output.find("samtal.db: the store is an empty file (0 bytes)"),
                  std::string::npos)
            << refused.output;
        EXPECT_EQ(fs::file_size(emptied / "samtal.db"), 0u);
    }
    auto fresh = elsewhere_.path() / "fresh";
    auto migrated = samtal_command("migrate --config " + service_.config_file().string() +
                                   " --data-dir " + fresh.string());
    EXPECT_EQ(migrated.status, 0) << migrated.output;
    EXPECT_GT(fs::file_size(fresh / "samtal.db"), 0u);
}

}  // namespace
}  // namespace samtal::testing
