#ifndef CORDON_SERVER_CORE_LIMITS_TOKEN_BUCKET_H_
#define CORDON_SERVER_CORE_LIMITS_TOKEN_BUCKET_H_

#include "absl/time/time.h"

namespace cordon::core {

// How fast one caller may go: `per_second` calls on average, up to `burst`
// at once after a quiet spell. A zero rate means no limit.
struct RateLimit {
  double per_second = 0;
  int burst = 0;

  bool unlimited() const { return per_second <= 0; }
};

// A token bucket on the time it is given (the engine's clock, so tests and
// the simulator decide when tokens come back). Not thread-safe.
class TokenBucket {
 public:
  // Starts full: a caller's first burst is never refused.
  TokenBucket(const RateLimit& limit, absl::Time now);

  // Takes one token: zero when the call may go now, else how long until a
  // token is back (the call is refused and takes nothing).
  absl::Duration Take(absl::Time now);

  // Full again and untouched since: the bucket carries no state worth
  // keeping, so a table of buckets may drop it.
  bool IsFull(absl::Time now) const;

 private:
  double TokensAt(absl::Time now) const;

  RateLimit limit_;
  double capacity_;  // the burst, at least one call
  double tokens_;
  absl::Time updated_;
};

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_LIMITS_TOKEN_BUCKET_H_
