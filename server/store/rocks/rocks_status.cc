#include "server/store/rocks/rocks_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/store/conflict.h"

namespace cordon::store {

absl::Status FromRocks(const rocksdb::Status& status) {
  if (status.ok()) return absl::OkStatus();
  std::string message = status.ToString();
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return ConflictError();
  }
  return absl::InternalError(absl::StrCat("storage error: ", message));
}

}  // namespace cordon::store
