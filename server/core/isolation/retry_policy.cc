#include "server/core/isolation/retry_policy.h"

#include <algorithm>

#include "absl/time/time.h"
#include "absl/types/optional.h"

namespace cordon::core {
namespace {

// The un-jittered backoff after `attempts` attempts: initial * multiplier^
// (attempts-1), capped. Multiplies step by step and stops at the cap, so it
// neither overflows nor loops longer than the attempt budget.
absl::Duration BaseBackoff(const RetryPolicy& policy, int attempts) {
  const absl::Duration cap = std::max(policy.max_backoff, absl::ZeroDuration());
  absl::Duration base =
      std::clamp(policy.initial_backoff, absl::ZeroDuration(), cap);
  const double multiplier = std::max(policy.multiplier, 1.0);
  if (multiplier == 1.0) return base;
  for (int i = 1; i < attempts && base < cap; ++i) {
    base = std::min(base * multiplier, cap);
  }
  return base;
}

double ClampJitter(double jitter) {
  // NaN compares false with everything; treat it as the smallest delay.
  if (!(jitter >= 0.0)) return 0.0;
  return std::min(jitter, 1.0);
}

}  // namespace

absl::string_view RetryVerdictName(RetryVerdict verdict) {
  switch (verdict) {
    case RetryVerdict::kRetry:
      return "RETRY";
    case RetryVerdict::kSucceeded:
      return "SUCCEEDED";
    case RetryVerdict::kNotRetryable:
      return "NOT_RETRYABLE";
    case RetryVerdict::kAttemptsExhausted:
      return "ATTEMPTS_EXHAUSTED";
  }
  return "UNKNOWN";
}

RetryDecision DecideRetry(const RetryPolicy& policy, int attempts_so_far,
                          ErrorClass error_class,
                          absl::optional<absl::Duration> retry_after,
                          double jitter) {
  RetryDecision decision;
  if (error_class == ErrorClass::kSuccess) {
    decision.verdict = RetryVerdict::kSucceeded;
    return decision;
  }
  // ISO-11: permanent, read-only and tenant-inaccessible failures are final
  // at once; retrying would only hide them from the admin for longer.
  if (!IsRetryable(error_class)) {
    decision.verdict = RetryVerdict::kNotRetryable;
    return decision;
  }
  const int attempts = std::max(attempts_so_far, 1);
  if (attempts >= std::max(policy.max_attempts, 1)) {
    decision.verdict = RetryVerdict::kAttemptsExhausted;
    return decision;
  }

  const absl::Duration base = BaseBackoff(policy, attempts);
  const absl::Duration half = base / 2;
  absl::Duration delay = half + (base - half) * ClampJitter(jitter);
  delay = std::min(absl::Floor(delay, absl::Milliseconds(1)), base);
  if (retry_after.has_value()) {
    // Round the server's wish up, never down: it is a floor.
    delay = std::max(delay, absl::Ceil(*retry_after, absl::Milliseconds(1)));
  }
  decision.verdict = RetryVerdict::kRetry;
  decision.delay = delay;
  return decision;
}

}  // namespace cordon::core
