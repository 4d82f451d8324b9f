#ifndef CORDON_SERVER_API_KEY_RATE_LIMITER_H_
#define CORDON_SERVER_API_KEY_RATE_LIMITER_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "server/core/limits/token_bucket.h"
#include "server/ports/clock.h"

namespace cordon::api {

// One token bucket per API key (cordon-server --rate_limit_per_key,
// --rate_limit_burst), so that one key that floods the server slows only
// itself. A refused call is RESOURCE_EXHAUSTED, reason RATE_LIMITED, with a
// google.rpc.RetryInfo saying when to come back. Thread-safe.
class KeyRateLimiter {
 public:
  KeyRateLimiter(const core::RateLimit& limit, const ports::Clock* clock)
      : limit_(limit), clock_(clock) {}

  // Takes one call's token for `key`.
  absl::Status Admit(const std::string& key);

  // When a new key finds this many buckets, the full ones (keys that went
  // quiet) are dropped first. Should that leave the table as large (every
  // key busy), the next sweep waits until it has doubled, so that a sweep
  // under the lock every RPC takes stays rare.
  static constexpr size_t kMaxTrackedKeys = 100000;

  size_t tracked_keys() const;

 private:
  void DropFullBuckets(absl::Time now);

  const core::RateLimit limit_;
  const ports::Clock* clock_;
  mutable std::mutex mu_;
  std::map<std::string, core::TokenBucket> buckets_;
  size_t next_sweep_at_ = kMaxTrackedKeys;  // guarded by mu_
};

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_KEY_RATE_LIMITER_H_
