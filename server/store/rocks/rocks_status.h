#ifndef CORDON_SERVER_STORE_ROCKS_ROCKS_STATUS_H_
#define CORDON_SERVER_STORE_ROCKS_ROCKS_STATUS_H_

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace cordon::store {

// Turns a RocksDB status into an absl one. Lock timeouts, deadlocks and write
// conflicts become ConflictError(): a concurrent change won, the caller may
// retry. I/O errors (a full disk, a failed write or sync) become
// StorageUnavailableError() (store/storage_fault.h).
absl::Status FromRocks(const rocksdb::Status& status);

// FromRocks for a read: an I/O error says a read failed (nothing changed),
// not that a write was refused.
absl::Status FromRocksRead(const rocksdb::Status& status);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ROCKS_ROCKS_STATUS_H_
