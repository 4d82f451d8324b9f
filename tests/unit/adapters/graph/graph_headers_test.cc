#include "server/adapters/graph/graph_headers.h"

#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::adapters::graph {
namespace graph_headers_test {

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error))
      << error;
  return time;
}

struct RetryAfterCase {
  const char* header;
  absl::optional<absl::Duration> wait;
};

// DESIGN.md rule 1: the worker honours Retry-After, in either form.
TEST(ParseRetryAfterTest, ReadsDelaySecondsAndHttpDates) {
  const absl::Time now = At("1994-11-06T08:49:00Z");
  const RetryAfterCase cases[] = {
      {"120", absl::Seconds(120)},
      {" 7 ", absl::Seconds(7)},
      {"0", absl::ZeroDuration()},
      {"Sun, 06 Nov 1994 08:49:37 GMT", absl::Seconds(37)},
      {"Sunday, 06-Nov-94 08:49:37 GMT", absl::Seconds(37)},
      {"Sun Nov  6 08:49:37 1994", absl::Seconds(37)},
      // A date already past: retry now.
      {"Sun, 06 Nov 1994 08:00:00 GMT", absl::ZeroDuration()},
  };
  for (const RetryAfterCase& c : cases) {
    SCOPED_TRACE(c.header);
    EXPECT_EQ(ParseRetryAfter(c.header, now), c.wait);
  }
}

TEST(ParseRetryAfterTest, ClampsAbsurdWaitsToTheMaximum) {
  const absl::Time now = At("2026-12-07T09:00:00Z");
  EXPECT_EQ(ParseRetryAfter("86401", now), kMaxRetryAfter);
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", now), kMaxRetryAfter);
  EXPECT_EQ(ParseRetryAfter("Fri, 31 Dec 2100 23:59:59 GMT", now),
            kMaxRetryAfter);
}

TEST(ParseRetryAfterTest, UnreadableValuesReadAsAbsent) {
  const absl::Time now = At("2026-12-07T09:00:00Z");
  for (const char* header :
       {"", "  ", "-5", "1.5", "10s", "soon", "+3", "0x10",
        "Wed, 31 Feb 2026 08:49:37 GMT", "Mon, 07 Dec 2026 09:00:00 UTC",
        "2026-12-07T09:00:30Z"}) {
    SCOPED_TRACE(header);
    EXPECT_EQ(ParseRetryAfter(header, now), absl::nullopt);
  }
}

struct ScopeCase {
  const char* header;
  ThrottleScopeKind kind;
  bool whole_tenant;
  bool one_mailbox;
};

TEST(ParseThrottleScopeTest, TellsTenantWideFromOneMailboxThrottles) {
  const ScopeCase cases[] = {
      {"Tenant_Application/ReadWrite/app/tenant",
       ThrottleScopeKind::kTenantApplication, true, false},
      {"tenant_application/Read/app/tenant",
       ThrottleScopeKind::kTenantApplication, true, false},
      {"Tenant/Write/app/tenant", ThrottleScopeKind::kTenant, true, false},
      {"Application/ReadWrite/app/app", ThrottleScopeKind::kApplication, false,
       false},
      {"Mailbox/ReadWrite/app/user", ThrottleScopeKind::kMailbox, false, true},
      {"", ThrottleScopeKind::kUnknown, false, false},
      {"Galaxy/ReadWrite/app/x", ThrottleScopeKind::kUnknown, false, false},
      {"///", ThrottleScopeKind::kUnknown, false, false},
  };
  for (const ScopeCase& c : cases) {
    SCOPED_TRACE(c.header);
    const ThrottleScope scope = ParseThrottleScope(c.header);
    EXPECT_EQ(scope.kind, c.kind);
    EXPECT_EQ(ThrottlesWholeTenant(scope), c.whole_tenant);
    EXPECT_EQ(ThrottlesOneMailbox(scope), c.one_mailbox);
  }
}

TEST(ParseThrottleScopeTest, KeepsLimitApplicationAndResource) {
  const ThrottleScope scope = ParseThrottleScope(
      " Tenant_Application/Write/3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17/"
      "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b ");
  EXPECT_EQ(scope.limit, "Write");
  EXPECT_EQ(scope.application_id, "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17");
  EXPECT_EQ(scope.resource_id, "0b7e4c3a-9d21-4f6e-8a5b-1c2d3e4f5a6b");
  EXPECT_EQ(ParseThrottleScope("Tenant").limit, "");
}

}  // namespace graph_headers_test
}  // namespace cordon::adapters::graph
