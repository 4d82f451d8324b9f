// The per-API-key rate limiter (issue 13, limits under load): one bucket per
// key, and a bounded table of them.

#include "server/api/key_rate_limiter.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "testing/fake_clock.h"

namespace cordon::api {
namespace key_rate_limiter_test {

TEST(KeyRateLimiterTest, KeysHaveTheirOwnBuckets) {
  ports::FakeClock clock;
  KeyRateLimiter limiter({1, 1}, &clock);
  EXPECT_TRUE(limiter.Admit("apiKeys/1").ok());
  const absl::Status refused = limiter.Admit("apiKeys/1");
  EXPECT_TRUE(absl::IsResourceExhausted(refused));
  EXPECT_EQ(core::ReasonOf(refused), "RATE_LIMITED");
  EXPECT_EQ(core::RetryDelayOf(refused), absl::Seconds(1));
  EXPECT_TRUE(limiter.Admit("apiKeys/2").ok());
}

TEST(KeyRateLimiterTest, QuietKeysAreDroppedBeforeTheTableGrowsPastItsBound) {
  ports::FakeClock clock;
  KeyRateLimiter limiter({1000, 1}, &clock);
  for (size_t i = 0; i < KeyRateLimiter::kMaxTrackedKeys; ++i) {
    ASSERT_TRUE(limiter.Admit(absl::StrCat("apiKeys/", i)).ok());
  }
  EXPECT_EQ(limiter.tracked_keys(), KeyRateLimiter::kMaxTrackedKeys);
  clock.Advance(absl::Seconds(1));  // every bucket is full again
  EXPECT_TRUE(limiter.Admit("apiKeys/new").ok());
  EXPECT_EQ(limiter.tracked_keys(), 1u);
}

TEST(KeyRateLimiterTest, NoRateIsNoLimit) {
  ports::FakeClock clock;
  KeyRateLimiter limiter({}, &clock);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("apiKeys/1").ok());
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

}  // namespace key_rate_limiter_test
}  // namespace cordon::api
