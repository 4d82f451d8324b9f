#include "server/api/key_rate_limiter.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "server/core/errors.h"

namespace cordon::api {

absl::Status KeyRateLimiter::Admit(const std::string& key) {
  if (limit_.unlimited()) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  absl::Duration wait;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
      if (buckets_.size() >= next_sweep_at_) DropFullBuckets(now);
      it = buckets_.emplace(key, core::TokenBucket(limit_, now)).first;
    }
    wait = it->second.Take(now);
  }
  if (wait == absl::ZeroDuration()) return absl::OkStatus();
  absl::Status refused = core::WithReason(
      absl::ResourceExhaustedError(absl::StrFormat(
          "this API key may make %g calls per second (bursts of %d); retry "
          "in %s",
          limit_.per_second, limit_.burst, absl::FormatDuration(wait))),
      "RATE_LIMITED");
  return core::WithRetryDelay(std::move(refused), wait);
}

void KeyRateLimiter::DropFullBuckets(absl::Time now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->second.IsFull(now) ? buckets_.erase(it) : std::next(it);
  }
  next_sweep_at_ = std::max(kMaxTrackedKeys, 2 * buckets_.size());
}

size_t KeyRateLimiter::tracked_keys() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace cordon::api
