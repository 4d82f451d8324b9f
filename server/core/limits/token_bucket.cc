#include "server/core/limits/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace cordon::core {

TokenBucket::TokenBucket(const RateLimit& limit, absl::Time now)
    : limit_(limit),
      capacity_(std::max(limit.burst, 1)),
      tokens_(capacity_),
      updated_(now) {}

double TokenBucket::TokensAt(absl::Time now) const {
  // A clock that steps back (it should not) refills nothing rather than
  // draining the bucket.
  const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - updated_));
  return std::min(capacity_, tokens_ + elapsed * limit_.per_second);
}

absl::Duration TokenBucket::Take(absl::Time now) {
  if (limit_.unlimited()) return absl::ZeroDuration();
  tokens_ = TokensAt(now);
  updated_ = std::max(updated_, now);
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return absl::ZeroDuration();
  }
  // Rounded up to the millisecond: a client that waits exactly this long
  // finds its token back.
  const double seconds = (1 - tokens_) / limit_.per_second;
  return absl::Milliseconds(std::ceil(seconds * 1000));
}

bool TokenBucket::IsFull(absl::Time now) const {
  return limit_.unlimited() || TokensAt(now) >= capacity_;
}

}  // namespace cordon::core
