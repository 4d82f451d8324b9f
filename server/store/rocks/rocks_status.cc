#include "server/store/rocks/rocks_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/store/conflict.h"
#include "server/store/storage_fault.h"

namespace cordon::store {

absl::Status FromRocks(const rocksdb::Status& status) {
  if (status.ok()) return absl::OkStatus();
  std::string message = status.ToString();
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return ConflictError();
  }
  // A write the disk refused, or any write while RocksDB holds such an error
  // (its background-error state): fail closed, with a reason, no paths.
  if (status.IsIOError()) {
    return StorageUnavailableError(status.IsNoSpace() ? StorageFault::kNoSpace
                                                      : StorageFault::kIoError);
  }
  return absl::InternalError(absl::StrCat("storage error: ", message));
}

absl::Status FromRocksRead(const rocksdb::Status& status) {
  if (status.IsIOError()) {
    return StorageUnavailableError(StorageFault::kReadError);
  }
  return FromRocks(status);
}

}  // namespace cordon::store
