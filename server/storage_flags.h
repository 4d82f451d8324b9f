#ifndef CORDON_SERVER_STORAGE_FLAGS_H_
#define CORDON_SERVER_STORAGE_FLAGS_H_

#include "absl/status/statusor.h"
#include "server/store/rocks/rocks_database.h"

namespace cordon {

struct StorageSettings {
  // The options the data dir is opened with: RocksDB's sizing
  // (--rocksdb_memory_mb, --rocksdb_max_wal_mb; store/rocks/rocks_sizing.h).
  store::RocksDatabaseOptions rocks;
};

// cordon-server's storage flags, checked; INVALID_ARGUMENT naming the flag
// at fault.
absl::StatusOr<StorageSettings> ReadStorageFlags();

}  // namespace cordon

#endif  // CORDON_SERVER_STORAGE_FLAGS_H_
