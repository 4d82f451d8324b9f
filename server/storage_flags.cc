#include "server/storage_flags.h"

#include <cstdint>

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

namespace cordon {
namespace {

absl::StatusOr<uint64_t> MebibytesFlag(absl::string_view flag, int value,
                                       int low, int high) {
  if (value < low || value > high) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " must be between ", low, " and ", high));
  }
  return static_cast<uint64_t>(value) << 20;
}

}  // namespace

absl::StatusOr<StorageSettings> ReadStorageFlags() {
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
  return settings;
}

}  // namespace cordon
