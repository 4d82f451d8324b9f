#ifndef CORDON_SERVER_STORE_STORAGE_FAULT_H_
#define CORDON_SERVER_STORE_STORAGE_FAULT_H_

#include "absl/status/status.h"

namespace cordon::store {

// Why the disk failed, in words a client may read (no file names).
enum class StorageFault {
  kNoSpace,    // a write: the disk is full
  kIoError,    // a write or sync failed
  kReadError,  // a read failed
  // A distributed store (store/etcd): the cluster cannot be reached or has
  // no quorum; nothing was written.
  kClusterUnavailable,
  // A distributed store: the cluster did not confirm a write in time, so it
  // may or may not have been stored.
  kOutcomeUnknown,
};

// The error every backend returns while the disk refuses writes (full, or
// failing writes or syncs), or when a read fails: UNAVAILABLE with the
// reason STORAGE_UNAVAILABLE. A refused write was not acknowledged and, if
// it reached the disk at all, is not visible: retrying it later (with the
// same request id, so a retry cannot repeat it) can succeed once the disk
// recovers. Reads go on while writes are refused. The two cluster faults
// say the same of a distributed store's cluster; after kOutcomeUnknown the
// retry with the same request id is what makes the outcome certain.
absl::Status StorageUnavailableError(StorageFault fault);

// True for StorageUnavailableError().
bool IsStorageFault(const absl::Status& status);

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_STORAGE_FAULT_H_
