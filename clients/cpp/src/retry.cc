#include "cordon/client/retry.h"

#include <algorithm>

namespace cordon::client {

Backoff::Backoff(const RetryPolicy& policy, uint64_t seed)
    : policy_(policy), current_(policy.initial_backoff), random_(seed) {}

absl::Duration Backoff::Next() {
  const double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> factor(1.0 - jitter, 1.0 + jitter);
  const absl::Duration wait = current_ * factor(random_);
  current_ = std::min(current_ * std::max(policy_.multiplier, 1.0),
                      policy_.max_backoff);
  return wait;
}

}  // namespace cordon::client
