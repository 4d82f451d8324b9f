#include "server/storage_flags.h"

#include <cstdint>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(int, rocksdb_memory_mb,
          cordon::store::RocksSizing{}.memory_bytes >> 20,
          "MiB RocksDB may cache: one block cache shared by every column "
          "family, memtables included (at most half of it)");
ABSL_FLAG(int, rocksdb_max_wal_mb,
          cordon::store::RocksSizing{}.max_wal_bytes >> 20,
          "MiB of write-ahead log kept before the oldest is flushed away; "
          "bounds what a restart replays");

ABSL_FLAG(std::string, backup_dir, "",
          "directory CreateBackup (cordonctl backup create) writes each "
          "backup into, created if missing; empty: no backups");

namespace cordon {
namespace {

// `path` absolute and without `.`, `..` or a trailing slash.
std::filesystem::path Normalized(const std::string& path) {
  std::filesystem::path normal =
      std::filesystem::absolute(path).lexically_normal();
  return normal.has_filename() ? normal : normal.parent_path();
}

absl::StatusOr<std::string> BackupDirFromFlag(const std::string& data_dir) {
  const std::string flag = absl::GetFlag(FLAGS_backup_dir);
  if (flag.empty()) return "";
  const std::filesystem::path backups = Normalized(flag);
  const std::filesystem::path relative =
      backups.lexically_relative(Normalized(data_dir));
  if (!relative.empty() && *relative.begin() != "..") {
    return absl::InvalidArgumentError(
        "--backup_dir must not be --data_dir or inside it");
  }
  return backups.string();
}

absl::StatusOr<uint64_t> MebibytesFlag(absl::string_view flag, int value,
                                       int low, int high) {
  if (value < low || value > high) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " must be between ", low, " and ", high));
  }
  return static_cast<uint64_t>(value) << 20;
}

}  // namespace

absl::StatusOr<StorageSettings> ReadStorageFlags(const std::string& data_dir) {
  StorageSettings settings;
  store::RocksDatabaseOptions& options = settings.rocks;
  absl::StatusOr<uint64_t> memory = MebibytesFlag(
      "rocksdb_memory_mb", absl::GetFlag(FLAGS_rocksdb_memory_mb), 16, 1 << 20);
  if (!memory.ok()) return memory.status();
  absl::StatusOr<uint64_t> wal =
      MebibytesFlag("rocksdb_max_wal_mb",
                    absl::GetFlag(FLAGS_rocksdb_max_wal_mb), 4, 1 << 20);
  if (!wal.ok()) return wal.status();
  options.sizing.memory_bytes = *memory;
  options.sizing.max_wal_bytes = *wal;
  absl::StatusOr<std::string> backup_dir = BackupDirFromFlag(data_dir);
  if (!backup_dir.ok()) return backup_dir.status();
  settings.backup_dir = *backup_dir;
  return settings;
}

}  // namespace cordon
