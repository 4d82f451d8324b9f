#ifndef CORDON_CLIENT_RETRY_H_
#define CORDON_CLIENT_RETRY_H_

#include <cstdint>
#include <functional>
#include <random>

#include "absl/time/time.h"

namespace cordon::client {

// When an UNAVAILABLE call is tried again. Other codes are never retried:
// ABORTED (a stale etag) needs the caller to read the resource again, and
// DEADLINE_EXCEEDED has used the call's time up.
struct RetryPolicy {
  // Attempts in all, the first included; 1 turns retries off.
  int max_attempts = 4;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  double multiplier = 2.0;
  // Each wait is scaled by a random factor in [1 - jitter, 1 + jitter], so
  // clients that failed together do not come back together.
  double jitter = 0.2;
};

// Waits between attempts; tests pass one that records instead of sleeping.
using Sleeper = std::function<void(absl::Duration)>;

// The successive waits of one retried call or reconnecting watch.
class Backoff {
 public:
  Backoff(const RetryPolicy& policy, uint64_t seed);
  // The wait before the next attempt.
  absl::Duration Next();
  // Back to initial_backoff (a watch that received something).
  void Reset() { current_ = policy_.initial_backoff; }

 private:
  const RetryPolicy policy_;
  absl::Duration current_;
  std::mt19937_64 random_;
};

}  // namespace cordon::client

#endif  // CORDON_CLIENT_RETRY_H_
