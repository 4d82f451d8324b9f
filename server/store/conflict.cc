#include "server/store/conflict.h"

#include <string>

#include "absl/strings/string_view.h"
#include "server/core/errors.h"

namespace cordon::store {
namespace {

constexpr absl::string_view kConflictReason = "CONCURRENT_CHANGE";

}  // namespace

absl::Status ConflictError() {
  return core::WithReason(
      absl::AbortedError(
          "another change to the same records was in progress; retry the call"),
      kConflictReason);
}

bool IsConflict(const absl::Status& status) {
  return absl::IsAborted(status) &&
         core::ReasonOf(status) == std::string(kConflictReason);
}

}  // namespace cordon::store
