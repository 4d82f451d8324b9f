#include "server/store/storage_fault.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/core/errors.h"

namespace cordon::store {
namespace {

constexpr absl::string_view kStorageReason = "STORAGE_UNAVAILABLE";

}  // namespace

absl::Status StorageUnavailableError(StorageFault fault) {
  const char* why = "";
  switch (fault) {
    case StorageFault::kNoSpace:
      why =
          "no space left on the server's disk; the write was refused and not "
          "stored, reads are still served";
      break;
    case StorageFault::kIoError:
      why =
          "the server's disk failed to write or sync; the write was refused "
          "and not stored, reads are still served";
      break;
    case StorageFault::kReadError:
      why = "the server's disk failed a read; nothing was changed";
      break;
    case StorageFault::kClusterUnavailable:
      why =
          "the storage cluster cannot be reached or has lost its quorum; "
          "nothing was changed";
      break;
    case StorageFault::kOutcomeUnknown:
      why =
          "the storage cluster did not confirm the write in time, so it may "
          "or may not be stored; retry with the same request id to find out";
      break;
  }
  return core::WithReason(absl::UnavailableError(absl::StrCat(
                              "storage unavailable: ", why, "; retry later")),
                          kStorageReason);
}

bool IsStorageFault(const absl::Status& status) {
  return absl::IsUnavailable(status) &&
         core::ReasonOf(status) == std::string(kStorageReason);
}

}  // namespace cordon::store
