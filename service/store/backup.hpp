// Copies of the store for operators: `samtal backup` writes one while the service runs, and
// `samtal restore` puts one in place in a data folder that has no store. Only the database is
// copied: the key files (and the spool of outgoing invitations) are kept by other means
// (docs/operations.md, "Backup and restore").
#pragma once

#include <cstdint>
#include <filesystem>

namespace samtal {

struct store_copy {
    int schema_version = 0;
    std::uintmax_t bytes = 0;
};

// Writes a consistent copy of the store `store` to `target`, which must not exist yet: one
// read transaction's snapshot, taken beside a running service's writes without stopping them
// (SQLite's online backup), checked, made self-contained (no WAL), mode 0600, and given its
// name only when complete. Throws std::runtime_error naming the file and what is wrong.
store_copy back_up_store(const std::filesystem::path& store, const std::filesystem::path& target);

// Puts the backup `backup` in place as the store `store`, which must not exist (a store that
// is there, running or not, is never overwritten). The backup must be a whole samtal store
// of a schema version this binary knows; the service brings it to the current version when
// it opens it. Throws std::runtime_error naming the file and what is wrong, having changed
// nothing.
store_copy restore_store(const std::filesystem::path& backup, const std::filesystem::path& store);

}  // namespace samtal
