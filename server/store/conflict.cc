#include "server/store/conflict.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>

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

void WaitBeforeRetry(int attempt) {
  // Jitter from the thread's own generator: no lock, and no two threads
  // draw the same waits.
  thread_local std::minstd_rand jitter(std::random_device{}());
  const int64_t ceiling_us =
      std::min<int64_t>(100000, int64_t{1000} << std::min(attempt, 10));
  std::uniform_int_distribution<int64_t> wait_us(0, ceiling_us);
  std::this_thread::sleep_for(std::chrono::microseconds(wait_us(jitter)));
}

}  // namespace cordon::store
