#ifndef CORDON_SERVER_CORE_ISOLATION_RETRY_POLICY_H_
#define CORDON_SERVER_CORE_ISOLATION_RETRY_POLICY_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "server/core/isolation/error_class.h"

namespace cordon::core {

// Exponential backoff with "equal jitter": the delay before retry n is
//   base = min(initial_backoff * multiplier^(n-1), max_backoff)
//   delay = base / 2 + jitter * base / 2
// Equal rather than full jitter (delay = jitter * base): full jitter spreads
// retries a little more, but can put several of our bounded attempts within
// milliseconds of each other, which against a Graph that is overloaded or
// still replicating a directory write (409 Directory_ConcurrencyViolation)
// burns the attempt budget without giving it time to recover. Equal jitter
// keeps half of the exponential spacing guaranteed, so the default 10
// attempts always span at least ~4 minutes, and still de-synchronizes
// workers.
struct RetryPolicy {
  absl::Duration initial_backoff = absl::Seconds(1);
  // Values below 1 are treated as 1 (the backoff never shrinks).
  double multiplier = 2.0;
  absl::Duration max_backoff = absl::Minutes(5);
  // Total attempts, the first one included; at least 1.
  int max_attempts = 10;
};

enum class RetryVerdict {
  kRetry,              // try again after `delay`
  kSucceeded,          // nothing to retry
  kNotRetryable,       // permanent, read-only rule or tenant inaccessible
  kAttemptsExhausted,  // max_attempts reached; the failure is final
};

absl::string_view RetryVerdictName(RetryVerdict verdict);

struct RetryDecision {
  RetryVerdict verdict = RetryVerdict::kNotRetryable;
  // How long to wait before the next attempt; zero unless kRetry.
  absl::Duration delay = absl::ZeroDuration();

  bool ShouldRetry() const { return verdict == RetryVerdict::kRetry; }
};

// ISO-11: whether, and after how long, to repeat an action whose latest
// attempt ended with `error_class`. `attempts_so_far` counts the attempts
// made, the one that just failed included (so >= 1). `retry_after` is the
// server's Retry-After: the delay is never shorter (a floor, and it may
// exceed max_backoff). `jitter` must come from the one seeded generator, in
// [0, 1); values outside are clamped so a bad draw cannot produce a negative
// or unbounded delay. Delays are whole milliseconds, for readable,
// byte-for-byte reproducible event logs.
RetryDecision DecideRetry(const RetryPolicy& policy, int attempts_so_far,
                          ErrorClass error_class,
                          absl::optional<absl::Duration> retry_after,
                          double jitter);

}  // namespace cordon::core

#endif  // CORDON_SERVER_CORE_ISOLATION_RETRY_POLICY_H_
