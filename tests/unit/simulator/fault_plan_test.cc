#include "simulator/fault_plan.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/error_class.h"
#include "server/core/isolation/graph_error.h"
#include "testing/fake_clock.h"
#include "simulator/random.h"

namespace cordon::sim {
namespace fault_plan_test {

using ::testing::IsEmpty;
using ::testing::Optional;

constexpr char kTenant[] = "11111111-1111-1111-1111-111111111111";
constexpr char kOtherTenant[] = "22222222-2222-2222-2222-222222222222";

TEST(FaultPlanTest, NoneNeverFails) {
  FaultPlan plan = FaultPlan::None();
  for (int i = 0; i < 100; ++i) {
    for (Operation op : kAllOperations) {
      if (IsGraphOperation(op)) {
        ASSERT_FALSE(plan.DecideGraphCall(op, kTenant).has_value());
      }
    }
    ASSERT_FALSE(plan.DecideAgentCall().has_value());
  }
  EXPECT_THAT(plan.EnabledBuggifySites(), IsEmpty());
}

// A knob at zero draws nothing: a clean run leaves the generator to the
// scenario.
TEST(FaultPlanTest, ZeroRatesDrawNothing) {
  Random random(1);
  Random reference(1);
  ports::FakeClock clock;
  FaultPlan plan(FaultPlanConfig{}, &random, &clock);
  for (int i = 0; i < 10; ++i)
    plan.DecideGraphCall(Operation::kGetUser, kTenant);
  EXPECT_EQ(random.NextUint64(), reference.NextUint64());
}

// Dev Proxy: the error rate and the mix of kinds are what is configured.
TEST(FaultPlanTest, EachFaultKindAppearsAtItsConfiguredRate) {
  Random random(2024);
  FaultPlanConfig config;
  OperationFaults& get_user = config.For(Operation::kGetUser);
  get_user.error_rate = 0.35;
  get_user.mix = ErrorMix{1, 1, 1, 1, 1, 1, 1};  // all seven kinds alike
  config.retry_after_min = absl::Seconds(2);
  config.retry_after_max = absl::Seconds(9);
  FaultPlan plan(config, &random, nullptr);

  constexpr int kCalls = 10000;
  std::map<FaultKind, int> seen;
  std::set<int64_t> retry_after_seconds;
  int faults = 0;
  for (int i = 0; i < kCalls; ++i) {
    auto fault = plan.DecideGraphCall(Operation::kGetUser, kTenant);
    if (!fault.has_value()) continue;
    ++faults;
    ++seen[fault->kind];
    EXPECT_EQ(fault->source, "error_rate");
    const core::GraphCallOutcome& o = fault->outcome;
    switch (fault->kind) {
      case FaultKind::kThrottled:
      case FaultKind::kUnavailable:
        ASSERT_EQ(o.http_status,
                  fault->kind == FaultKind::kThrottled ? 429 : 503);
        ASSERT_TRUE(o.retry_after.has_value());
        retry_after_seconds.insert(absl::ToInt64Seconds(*o.retry_after));
        ASSERT_EQ(*o.retry_after,
                  absl::Seconds(absl::ToInt64Seconds(*o.retry_after)))
            << "Retry-After is whole seconds";
        EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kThrottled);
        break;
      case FaultKind::kConcurrencyViolation:
        EXPECT_EQ(o.http_status, 409);
        EXPECT_EQ(o.error_code, "Directory_ConcurrencyViolation");
        EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kRetryable);
        break;
      case FaultKind::kInternalError:
        EXPECT_EQ(o.http_status, 500);
        EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kRetryable);
        break;
      case FaultKind::kTimeout:
      case FaultKind::kTimeoutAfterEffect:
        EXPECT_TRUE(o.timed_out);
        EXPECT_EQ(o.http_status, 0);
        EXPECT_EQ(fault->after_effect(),
                  fault->kind == FaultKind::kTimeoutAfterEffect);
        EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kRetryable);
        break;
      case FaultKind::kPermanent:
        EXPECT_EQ(o.http_status, 403);
        EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kPermanent);
        break;
    }
  }
  // Binomial: sd of the total is ~48, of each kind ~21; 5 sd of tolerance.
  EXPECT_NEAR(faults, 0.35 * kCalls, 250);
  for (FaultKind kind : kAllFaultKinds) {
    EXPECT_NEAR(seen[kind], 0.05 * kCalls, 105) << FaultKindName(kind);
  }
  EXPECT_EQ(*retry_after_seconds.begin(), 2);
  EXPECT_EQ(*retry_after_seconds.rbegin(), 9);
  // Other operations were left alone.
  EXPECT_FALSE(
      plan.DecideGraphCall(Operation::kSetAccountEnabled, kTenant).has_value());
}

TEST(FaultPlanTest, OnlyPicksTheOneKind) {
  Random random(3);
  FaultPlanConfig config;
  config.SetAll({1.0, ErrorMix::Only(FaultKind::kConcurrencyViolation)});
  FaultPlan plan(config, &random, nullptr);
  for (Operation op : kAllOperations) {
    if (!IsGraphOperation(op)) continue;
    auto fault = plan.DecideGraphCall(op, kTenant);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->kind, FaultKind::kConcurrencyViolation);
  }
  auto agent = plan.DecideAgentCall();
  ASSERT_TRUE(agent.has_value());
  EXPECT_EQ(agent->kind, FaultKind::kConcurrencyViolation);
}

// Graph throttling: N calls per tenant per simulated minute, then 429 with a
// Retry-After that ends at the next minute.
TEST(FaultPlanTest, ThrottlingBudgetRollsOverWithTheSimulatedMinute) {
  ports::FakeClock clock(absl::FromUnixSeconds(1767225600) +
                         absl::Seconds(10));  // 00:00:10
  FaultPlanConfig config;
  config.calls_per_minute = 3;
  config.tenant_calls_per_minute[kOtherTenant] = 1;
  FaultPlan plan(config, nullptr, &clock);

  for (int i = 0; i < 3; ++i) {
    ASSERT_FALSE(
        plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
  }
  for (int i = 0; i < 5; ++i) {
    auto fault =
        plan.DecideGraphCall(Operation::kRevokeSignInSessions, kTenant);
    ASSERT_TRUE(fault.has_value());
    EXPECT_EQ(fault->kind, FaultKind::kThrottled);
    EXPECT_EQ(fault->source, "throttle");
    EXPECT_EQ(fault->outcome.http_status, 429);
    EXPECT_THAT(fault->outcome.retry_after, Optional(absl::Seconds(50)));
  }
  // The budget is per tenant, with its own size.
  EXPECT_FALSE(
      plan.DecideGraphCall(Operation::kGetUser, kOtherTenant).has_value());
  EXPECT_TRUE(
      plan.DecideGraphCall(Operation::kGetUser, kOtherTenant).has_value());

  clock.Advance(absl::Seconds(49) + absl::Milliseconds(500));  // 00:00:59.5
  auto fault = plan.DecideGraphCall(Operation::kGetUser, kTenant);
  ASSERT_TRUE(fault.has_value());
  // Rounded up to whole seconds, never 0.
  EXPECT_THAT(fault->outcome.retry_after, Optional(absl::Seconds(1)));

  clock.Advance(absl::Milliseconds(500));  // 00:01:00: a new minute
  for (int i = 0; i < 3; ++i) {
    ASSERT_FALSE(
        plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
  }
  EXPECT_TRUE(plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
  // Tenant ids are GUIDs: case does not matter.
  EXPECT_FALSE(plan.DecideGraphCall(Operation::kGetUser,
                                    "22222222-2222-2222-2222-222222222222")
                   .has_value());
}

// ISO-11: an AADSTS error fails every call of the tenant, and no retry fixes
// it; only the customer does.
TEST(FaultPlanTest, AadstsTenantFailsEveryCall) {
  FaultPlanConfig config;
  config.tenant_aadsts[kTenant] = "AADSTS65001";
  FaultPlan plan(config, nullptr, nullptr);
  for (int i = 0; i < 50; ++i) {
    for (Operation op : kAllOperations) {
      if (!IsGraphOperation(op)) continue;
      auto fault = plan.DecideGraphCall(op, kTenant);
      ASSERT_TRUE(fault.has_value());
      EXPECT_EQ(fault->source, "aadsts");
      EXPECT_EQ(fault->outcome.http_status, 400);
      EXPECT_EQ(fault->outcome.error_code, "invalid_grant");
      EXPECT_EQ(fault->outcome.aadsts_code, "AADSTS65001");
      EXPECT_EQ(core::ClassifyGraphOutcome(fault->outcome),
                core::ErrorClass::kTenantInaccessible);
    }
  }
  EXPECT_FALSE(
      plan.DecideGraphCall(Operation::kGetUser, kOtherTenant).has_value());
  // ESC-2: the admin grants consent again; the next retry succeeds.
  plan.SetTenantAadsts(kTenant, "");
  EXPECT_FALSE(plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
  plan.SetTenantAadsts(kTenant, "7000222");
  auto fault = plan.DecideGraphCall(Operation::kGetUser, kTenant);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->outcome.http_status, 401);
  EXPECT_EQ(fault->outcome.aadsts_code, "AADSTS7000222");
}

TEST(FaultPlanTest, TokenErrorOutcomesMatchTheTokenEndpoint) {
  for (const char* code : {"AADSTS7000215", "AADSTS7000222", "AADSTS700016",
                           "AADSTS65001", "AADSTS90002"}) {
    const core::GraphCallOutcome o = TokenErrorOutcome(code);
    EXPECT_EQ(o.aadsts_code, code);
    EXPECT_TRUE(o.http_status == 400 || o.http_status == 401) << code;
    EXPECT_EQ(core::ClassifyGraphOutcome(o),
              core::ErrorClass::kTenantInaccessible)
        << code;
  }
  EXPECT_EQ(TokenErrorOutcome("90002").aadsts_code, "AADSTS90002");
}

TEST(FaultPlanTest, BuggifySitesDependOnTheSeedAlone) {
  FaultPlanConfig config;
  config.buggify.enabled = true;
  config.buggify.p_site = 0.3;
  std::set<std::vector<std::string>> site_sets;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    Random a(seed);
    Random b(seed);
    FaultPlan plan_a(config, &a, nullptr);
    FaultPlan plan_b(config, &b, nullptr);
    EXPECT_EQ(plan_a.EnabledBuggifySites(), plan_b.EnabledBuggifySites());
    for (const std::string& site : plan_a.EnabledBuggifySites()) {
      EXPECT_THAT(site, ::testing::Not(::testing::HasSubstr("permanent")))
          << "permanent sites are opt-in";
    }
    site_sets.insert(plan_a.EnabledBuggifySites());
  }
  EXPECT_GT(site_sets.size(), 4u) << "seeds explore different sites";
}

TEST(FaultPlanTest, BuggifyAllSitesOnAlwaysFiringFailsEveryCall) {
  Random random(5);
  FaultPlanConfig config;
  config.buggify = {
      .enabled = true, .p_site = 1, .p_fire = 1, .include_permanent = true};
  FaultPlan plan(config, &random, nullptr);
  EXPECT_EQ(plan.EnabledBuggifySites().size(),
            kOperationCount * kFaultKindCount);
  auto fault = plan.DecideGraphCall(Operation::kListInboxRules, kTenant);
  ASSERT_TRUE(fault.has_value());
  EXPECT_EQ(fault->source, "buggify");
  EXPECT_EQ(fault->kind, FaultKind::kThrottled);  // the first site in order
}

TEST(FaultPlanTest, BuggifyEnabledSitesFireWithPFire) {
  Random random(6);
  FaultPlanConfig config;
  config.buggify = {.enabled = true, .p_site = 1, .p_fire = 0.1};
  FaultPlan plan(config, &random, nullptr);
  int faults = 0;
  for (int i = 0; i < 10000; ++i) {
    faults += plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value();
  }
  // Six eligible sites, each firing with 0.1: 1 - 0.9^6 = 0.4686.
  EXPECT_NEAR(faults, 4686, 250);
}

TEST(FaultPlanTest, BuggifyOffSitesNeverFire) {
  Random random(6);
  FaultPlanConfig config;
  config.buggify = {.enabled = true, .p_site = 0, .p_fire = 1};
  FaultPlan plan(config, &random, nullptr);
  EXPECT_THAT(plan.EnabledBuggifySites(), IsEmpty());
  for (int i = 0; i < 100; ++i) {
    ASSERT_FALSE(
        plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
  }
}

// DESIGN rule 3: the quiet period at the end of a run silences the noise but
// not the world's state.
TEST(FaultPlanTest, QuietSilencesRandomFaultsOnly) {
  Random random(8);
  FaultPlanConfig config;
  config.SetAll({1.0, ErrorMix{}});
  config.tenant_aadsts[kOtherTenant] = "AADSTS700016";
  FaultPlan plan(config, &random, nullptr);
  plan.SetQuiet(true);
  EXPECT_FALSE(plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
  EXPECT_FALSE(plan.DecideAgentCall().has_value());
  EXPECT_TRUE(
      plan.DecideGraphCall(Operation::kGetUser, kOtherTenant).has_value());
  plan.SetQuiet(false);
  EXPECT_TRUE(plan.DecideGraphCall(Operation::kGetUser, kTenant).has_value());
}

TEST(FaultPlanTest, ValidateRejectsNonsense) {
  EXPECT_TRUE(FaultPlan::Validate(FaultPlanConfig{}).ok());
  FaultPlanConfig rate;
  rate.For(Operation::kGetUser).error_rate = 1.5;
  EXPECT_FALSE(FaultPlan::Validate(rate).ok());
  FaultPlanConfig weights;
  weights.For(Operation::kGetUser) = {0.5, ErrorMix{0, 0, 0, 0, 0, 0, 0}};
  EXPECT_FALSE(FaultPlan::Validate(weights).ok());
  FaultPlanConfig negative;
  negative.For(Operation::kGetUser).mix.timeout = -1;
  EXPECT_FALSE(FaultPlan::Validate(negative).ok());
  FaultPlanConfig retry_after;
  retry_after.retry_after_min = absl::Seconds(10);
  retry_after.retry_after_max = absl::Seconds(5);
  EXPECT_FALSE(FaultPlan::Validate(retry_after).ok());
  FaultPlanConfig budget;
  budget.tenant_calls_per_minute[kTenant] = -1;
  EXPECT_FALSE(FaultPlan::Validate(budget).ok());
}

TEST(FaultPlanTest, NamesAreStable) {
  EXPECT_EQ(OperationName(Operation::kRevokeSignInSessions),
            "revoke_sign_in_sessions");
  EXPECT_EQ(OperationName(Operation::kAgentSetAccountEnabled),
            "agent_set_account_enabled");
  EXPECT_EQ(FaultKindName(FaultKind::kTimeoutAfterEffect),
            "timeout_after_effect");
  EXPECT_TRUE(IsGraphOperation(Operation::kGetUser));
  EXPECT_FALSE(IsGraphOperation(Operation::kAgentSetAccountEnabled));
}

}  // namespace fault_plan_test
}  // namespace cordon::sim
