#include "service/store/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "service/store/database.hpp"

namespace samtal {
namespace {

namespace fs = std::filesystem;

// How long a copy waits for a lock another connection holds (a checkpoint, a migration).
constexpr std::chrono::seconds k_lock_wait{30};

[[noreturn]] void refuse(const fs::path& file, const std::string& why) {
    throw std::runtime_error(file.string() + ": " + why);
}

std::string os_error() { return std::strerror(errno); }

// A new, empty file of our own beside `target` (mode 0600: a store holds sealed contact
// data), where the copy is written before it gets its name.
fs::path partial_beside(const fs::path& target) {
    auto partial = target;
    partial += ".partial";
    fs::remove(partial);  // left by a copy that was interrupted
    int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) refuse(partial, "cannot be created: " + os_error());
    ::close(fd);
    return partial;
}

// Copies every page of `from` into `to` in one step: one read transaction on `from`, so the
// copy is one snapshot however many writes the service commits meanwhile.
void copy_pages(SQLite::Database& from, SQLite::Database& to, const fs::path& source) {
    SQLite::Backup backup(to, from);
    auto deadline = std::chrono::steady_clock::now() + k_lock_wait;
    while (true) {
        int result = backup.executeStep(-1);
        if (result == SQLITE_DONE) return;
        if (std::chrono::steady_clock::now() > deadline)
            refuse(source, "stayed locked for " + std::to_string(k_lock_wait.count()) + " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

// The schema version of a copy that SQLite finds whole, or a refusal naming `file`.
int checked_schema_version(SQLite::Database& copy, const fs::path& file) {
    auto check = copy.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") refuse(file, "is damaged (SQLite's check says: " + check + ")");
    int version = copy.execAndGet("PRAGMA user_version").getInt();
    if (version < 1 || !copy.tableExists("bookings"))
        refuse(file, "is an SQLite database but not a samtal store");
    if (version > database::known_schema_version())
        refuse(file,
               "has schema version " + std::to_string(version) + ", newer than this samtal (" +
                   std::to_string(database::known_schema_version()) + "); use a newer samtal");
    return version;
}

void sync_file(const fs::path& file, int flags) {
    int fd = ::open(file.c_str(), flags | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        auto error = os_error();
        if (fd >= 0) ::close(fd);
        refuse(file, "cannot be written to disk: " + error);
    }
    ::close(fd);
}

// Gives the finished copy `partial` the name `target`, durably, unless something already has
// that name: link() never replaces a file, so a store that appeared meanwhile is kept.
void publish(const fs::path& partial, const fs::path& target) {
    sync_file(partial, O_RDONLY);
    if (::link(partial.c_str(), target.c_str()) != 0) {
        auto error = errno;
        fs::remove(partial);
        if (error == EEXIST)
            refuse(target, "appeared while the copy was made; it is left as it was");
        errno = error;
        refuse(target, "cannot be created: " + os_error());
    }
    fs::remove(partial);
    auto folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    sync_file(folder, O_RDONLY | O_DIRECTORY);
}

// Copies `from` (opened read-only) into a new file `target`; the copy is a rollback-journal
// database on its own, without a WAL beside it.
store_copy copy_once(const fs::path& from, const fs::path& target, bool check_source_first) {
    SQLite::Database source(from.string(), SQLite::OPEN_READONLY);
    source.setBusyTimeout(5000);
    if (check_source_first) checked_schema_version(source, from);
    auto partial = partial_beside(target);
    store_copy copied;
    try {
        SQLite::Database copy(partial.string(), SQLite::OPEN_READWRITE);
        copy_pages(source, copy, from);
        copy.exec("PRAGMA journal_mode = DELETE");
        copied.schema_version = checked_schema_version(copy, partial);
    } catch (...) {
        fs::remove(partial);
        throw;
    }
    publish(partial, target);
    copied.bytes = fs::file_size(target);
    return copied;
}

// As copy_once, with SQLite's own complaints (a file that is no database, a disk that is
// full) naming the file they are about.
store_copy copy_store(const fs::path& from, const fs::path& target, bool check_source_first) {
    try {
        return copy_once(from, target, check_source_first);
    } catch (const SQLite::Exception& error) {
        refuse(from, std::string("cannot be copied: ") + error.what());
    }
}

}  // namespace

store_copy back_up_store(const fs::path& store, const fs::path& target) {
    if (!fs::exists(store)) refuse(store, "no store here (is --data-dir right?)");
    if (fs::file_size(store) == 0) refuse(store, "is empty (0 bytes); there is nothing to back up");
    if (fs::exists(target)) refuse(target, "exists; a backup never overwrites a file");
    return copy_store(store, target, false);
}

store_copy restore_store(const fs::path& backup, const fs::path& store) {
    if (!fs::is_regular_file(backup)) refuse(backup, "no such backup file");
    for (const char* suffix : {"", "-wal", "-journal"}) {
        auto existing = store;
        existing += suffix;
        if (fs::exists(existing))
            refuse(existing,
                   "exists; restore never overwrites a store. Stop samtal, move the data "
                   "folder's samtal.db* files aside, and restore again");
    }
    if (store.has_parent_path()) fs::create_directories(store.parent_path());
    return copy_store(backup, store, true);
}

}  // namespace samtal
