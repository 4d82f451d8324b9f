#include "server/store/storage_fault.h"

#include <string>

#include "absl/strings/string_view.h"
#include "server/core/errors.h"

namespace cordon::store {
namespace {

constexpr absl::string_view kStorageReason = "STORAGE_UNAVAILABLE";

}  // namespace

absl::Status StorageUnavailableError(StorageFault fault) {
  const char* why = fault == StorageFault::kNoSpace
                        ? "no space left on the server's disk"
                        : "the server's disk failed to write or sync";
  return core::WithReason(
      absl::UnavailableError(std::string("storage unavailable: ") + why +
                             "; the write was refused and not stored, "
                             "reads are still served; retry later"),
      kStorageReason);
}

bool IsStorageFault(const absl::Status& status) {
  return absl::IsUnavailable(status) &&
         core::ReasonOf(status) == std::string(kStorageReason);
}

}  // namespace cordon::store
