#include "server/core/isolation/retry_policy.h"

#include <limits>

#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "gtest/gtest.h"

namespace cordon::core {
namespace retry_policy_test {

const RetryPolicy kDefault;

RetryDecision Retry(int attempts, double jitter,
                    absl::optional<absl::Duration> retry_after = {},
                    ErrorClass error_class = ErrorClass::kRetryable) {
  return DecideRetry(kDefault, attempts, error_class, retry_after, jitter);
}

TEST(RetryPolicy, DefaultsAreOneSecondDoublingToFiveMinutesTenAttempts) {
  EXPECT_EQ(kDefault.initial_backoff, absl::Seconds(1));
  EXPECT_EQ(kDefault.multiplier, 2.0);
  EXPECT_EQ(kDefault.max_backoff, absl::Minutes(5));
  EXPECT_EQ(kDefault.max_attempts, 10);
}

TEST(RetryPolicy, Iso11SuccessIsNotRetried) {
  const RetryDecision decision = Retry(1, 0.5, {}, ErrorClass::kSuccess);
  EXPECT_EQ(decision.verdict, RetryVerdict::kSucceeded);
  EXPECT_FALSE(decision.ShouldRetry());
  EXPECT_EQ(decision.delay, absl::ZeroDuration());
}

TEST(RetryPolicy, Iso11FinalFailuresAreNeverRetried) {
  for (ErrorClass error_class :
       {ErrorClass::kPermanent, ErrorClass::kReadOnlyRule,
        ErrorClass::kTenantInaccessible}) {
    const RetryDecision decision = Retry(1, 0.5, absl::Seconds(5), error_class);
    EXPECT_EQ(decision.verdict, RetryVerdict::kNotRetryable)
        << ErrorClassName(error_class);
    EXPECT_FALSE(decision.ShouldRetry());
  }
}

TEST(RetryPolicy, Iso11RetryableAndThrottledAreRetried) {
  EXPECT_TRUE(Retry(1, 0.0, {}, ErrorClass::kRetryable).ShouldRetry());
  EXPECT_TRUE(Retry(1, 0.0, {}, ErrorClass::kThrottled).ShouldRetry());
}

TEST(RetryPolicy, EqualJitterStaysWithinHalfToFullBackoff) {
  // After attempt n the base backoff is 2^(n-1) s; the delay is in
  // [base/2, base].
  for (int attempts = 1; attempts <= 9; ++attempts) {
    const absl::Duration base = absl::Seconds(1 << (attempts - 1));
    EXPECT_EQ(Retry(attempts, 0.0).delay, base / 2) << attempts;
    EXPECT_EQ(Retry(attempts, 0.5).delay, base * 3 / 4) << attempts;
    const absl::Duration high = Retry(attempts, 0.999999).delay;
    EXPECT_LE(high, base) << attempts;
    EXPECT_GE(high, base - absl::Milliseconds(1)) << attempts;
  }
}

TEST(RetryPolicy, BackoffGrowsExponentially) {
  EXPECT_EQ(Retry(1, 0.0).delay, absl::Milliseconds(500));
  EXPECT_EQ(Retry(2, 0.0).delay, absl::Seconds(1));
  EXPECT_EQ(Retry(3, 0.0).delay, absl::Seconds(2));
  EXPECT_EQ(Retry(4, 0.0).delay, absl::Seconds(4));
}

TEST(RetryPolicy, BackoffIsCappedAtMaxBackoff) {
  RetryPolicy policy;
  policy.max_attempts = 1000;
  const RetryDecision decision =
      DecideRetry(policy, 500, ErrorClass::kRetryable, {}, 0.999);
  EXPECT_TRUE(decision.ShouldRetry());
  EXPECT_LE(decision.delay, absl::Minutes(5));
  EXPECT_GE(decision.delay, absl::Minutes(5) / 2);
  EXPECT_EQ(DecideRetry(policy, 500, ErrorClass::kRetryable, {}, 0.0).delay,
            absl::Seconds(150));
}

TEST(RetryPolicy, Iso11AttemptCapGivesUp) {
  EXPECT_TRUE(Retry(9, 0.5).ShouldRetry());
  const RetryDecision decision = Retry(10, 0.5);
  EXPECT_EQ(decision.verdict, RetryVerdict::kAttemptsExhausted);
  EXPECT_FALSE(decision.ShouldRetry());
  EXPECT_EQ(Retry(11, 0.5).verdict, RetryVerdict::kAttemptsExhausted);
  EXPECT_EQ(Retry(10, 0.5, {}, ErrorClass::kThrottled).verdict,
            RetryVerdict::kAttemptsExhausted);
}

TEST(RetryPolicy, Iso11RetryAfterIsAFloor) {
  // Backoff after one attempt is at most 1 s; the server asked for 30 s.
  const RetryDecision decision =
      Retry(1, 0.9, absl::Seconds(30), ErrorClass::kThrottled);
  EXPECT_TRUE(decision.ShouldRetry());
  EXPECT_EQ(decision.delay, absl::Seconds(30));
}

TEST(RetryPolicy, Iso11RetryAfterMayExceedTheCap) {
  EXPECT_EQ(Retry(9, 0.0, absl::Minutes(20), ErrorClass::kThrottled).delay,
            absl::Minutes(20));
}

TEST(RetryPolicy, ShortRetryAfterDoesNotShortenTheBackoff) {
  EXPECT_EQ(Retry(4, 0.0, absl::Seconds(1), ErrorClass::kThrottled).delay,
            absl::Seconds(4));
}

TEST(RetryPolicy, RetryAfterIsRoundedUpNeverDown) {
  EXPECT_EQ(Retry(1, 0.0, absl::Microseconds(2000001)).delay,
            absl::Milliseconds(2001));
}

TEST(RetryPolicy, RetryAfterAppliesToRetryableToo) {
  EXPECT_EQ(Retry(1, 0.0, absl::Seconds(3), ErrorClass::kRetryable).delay,
            absl::Seconds(3));
}

TEST(RetryPolicy, NegativeRetryAfterIsIgnored) {
  EXPECT_EQ(Retry(1, 0.0, absl::Seconds(-10)).delay, absl::Milliseconds(500));
}

TEST(RetryPolicy, JitterOutsideUnitIntervalIsClamped) {
  // After two attempts the base backoff is 2 s: delays span [1 s, 2 s].
  EXPECT_EQ(Retry(2, -0.5).delay, absl::Seconds(1));
  EXPECT_EQ(Retry(2, 7.0).delay, absl::Seconds(2));
  EXPECT_EQ(Retry(2, std::numeric_limits<double>::quiet_NaN()).delay,
            absl::Seconds(1));
  EXPECT_EQ(Retry(2, std::numeric_limits<double>::infinity()).delay,
            absl::Seconds(2));
}

TEST(RetryPolicy, DelaysAreWholeMilliseconds) {
  const absl::Duration delay = Retry(1, 0.123456789).delay;
  EXPECT_EQ(absl::Floor(delay, absl::Milliseconds(1)), delay);
  EXPECT_EQ(delay, absl::Milliseconds(561));
}

TEST(RetryPolicy, SameInputsGiveTheSameDecision) {
  for (int attempts = 1; attempts < 10; ++attempts) {
    EXPECT_EQ(Retry(attempts, 0.37).delay, Retry(attempts, 0.37).delay);
  }
}

TEST(RetryPolicy, ZeroOrNegativeAttemptsCountAsTheFirst) {
  EXPECT_EQ(Retry(0, 0.0).delay, absl::Milliseconds(500));
  EXPECT_EQ(Retry(-3, 0.0).delay, absl::Milliseconds(500));
}

TEST(RetryPolicy, DefaultBudgetSpansAtLeastFourMinutes) {
  absl::Duration total;
  for (int attempts = 1; attempts < kDefault.max_attempts; ++attempts) {
    const RetryDecision decision = Retry(attempts, 0.0);
    ASSERT_TRUE(decision.ShouldRetry());
    total += decision.delay;
  }
  EXPECT_GE(total, absl::Minutes(4));
}

TEST(RetryPolicy, DegeneratePoliciesStayBounded) {
  RetryPolicy shrinking;
  shrinking.multiplier = 0.5;
  EXPECT_EQ(DecideRetry(shrinking, 5, ErrorClass::kRetryable, {}, 0.0).delay,
            absl::Milliseconds(500));
  RetryPolicy one_attempt;
  one_attempt.max_attempts = 0;
  EXPECT_EQ(
      DecideRetry(one_attempt, 1, ErrorClass::kRetryable, {}, 0.0).verdict,
      RetryVerdict::kAttemptsExhausted);
  RetryPolicy initial_above_cap;
  initial_above_cap.initial_backoff = absl::Hours(1);
  EXPECT_EQ(
      DecideRetry(initial_above_cap, 1, ErrorClass::kRetryable, {}, 1.0).delay,
      absl::Minutes(5));
}

TEST(RetryPolicy, VerdictNames) {
  EXPECT_EQ(RetryVerdictName(RetryVerdict::kRetry), "RETRY");
  EXPECT_EQ(RetryVerdictName(RetryVerdict::kSucceeded), "SUCCEEDED");
  EXPECT_EQ(RetryVerdictName(RetryVerdict::kNotRetryable), "NOT_RETRYABLE");
  EXPECT_EQ(RetryVerdictName(RetryVerdict::kAttemptsExhausted),
            "ATTEMPTS_EXHAUSTED");
}

}  // namespace retry_policy_test
}  // namespace cordon::core
