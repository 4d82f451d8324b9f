// The per-API-key rate limit's arithmetic (issue 13, limits under load).

#include "server/core/limits/token_bucket.h"

#include "gtest/gtest.h"

namespace cordon::core {
namespace token_bucket_test {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

TEST(TokenBucketTest, ABurstGoesAtOnceThenTheNextCallWaitsForItsToken) {
  TokenBucket bucket(RateLimit{10, 3}, kStart);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(bucket.Take(kStart), absl::ZeroDuration()) << i;
  }
  EXPECT_EQ(bucket.Take(kStart), absl::Milliseconds(100));
  // A refused call takes nothing: the wait does not grow.
  EXPECT_EQ(bucket.Take(kStart), absl::Milliseconds(100));
  EXPECT_EQ(bucket.Take(kStart + absl::Milliseconds(40)),
            absl::Milliseconds(60));
  EXPECT_EQ(bucket.Take(kStart + absl::Milliseconds(100)),
            absl::ZeroDuration());
  EXPECT_EQ(bucket.Take(kStart + absl::Milliseconds(100)),
            absl::Milliseconds(100));
}

TEST(TokenBucketTest, RefillsUpToTheBurstOnly) {
  TokenBucket bucket(RateLimit{1, 2}, kStart);
  EXPECT_EQ(bucket.Take(kStart), absl::ZeroDuration());
  EXPECT_FALSE(bucket.IsFull(kStart));
  const absl::Time later = kStart + absl::Hours(1);
  EXPECT_TRUE(bucket.IsFull(later));
  EXPECT_EQ(bucket.Take(later), absl::ZeroDuration());
  EXPECT_EQ(bucket.Take(later), absl::ZeroDuration());
  EXPECT_EQ(bucket.Take(later), absl::Seconds(1));
}

TEST(TokenBucketTest, AClockThatStepsBackRefillsNothing) {
  TokenBucket bucket(RateLimit{10, 1}, kStart);
  EXPECT_EQ(bucket.Take(kStart), absl::ZeroDuration());
  EXPECT_EQ(bucket.Take(kStart - absl::Hours(1)), absl::Milliseconds(100));
}

TEST(TokenBucketTest, AZeroRateIsNoLimit) {
  TokenBucket bucket(RateLimit{0, 0}, kStart);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(bucket.Take(kStart), absl::ZeroDuration());
  }
  EXPECT_TRUE(bucket.IsFull(kStart));
}

}  // namespace token_bucket_test
}  // namespace cordon::core
