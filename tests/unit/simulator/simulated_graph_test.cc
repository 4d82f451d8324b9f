#include "simulator/simulated_graph.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/error_class.h"
#include "server/core/isolation/graph_error.h"
#include "server/core/isolation/inbox_rule.h"
#include "testing/fake_clock.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/world.h"

namespace cordon::sim {
namespace simulated_graph_test {

using ::testing::ElementsAre;
using ::testing::Optional;

constexpr char kTenant[] = "bbbbbbbb-0000-0000-0000-000000000001";
constexpr char kUpn[] = "alice@contoso.com";
const ports::GraphUserRef kAlice{kTenant, kUpn};

// A world with one tenant and one user with two inbox rules, one read-only.
class SimulatedGraphTest : public ::testing::Test {
 protected:
  void Build(const FaultPlanConfig& config) {
    faults_ = std::make_unique<FaultPlan>(config, &random_, &clock_);
    graph_ = std::make_unique<SimulatedGraph>(&world_, faults_.get(), &log_,
                                              &random_);
    ASSERT_TRUE(world_
                    .AddTenant({.tenant_id = kTenant,
                                .verified_domains = {"contoso.com"}})
                    .ok());
    ASSERT_TRUE(
        world_.AddUser(kTenant, {.upn = kUpn, .usage_location = "DE"}).ok());
    core::InboxRule forward;
    forward.id = "rule-forward";
    forward.actions.forward_to = {"evil@example.net"};
    ASSERT_TRUE(world_.AddInboxRule(kTenant, kUpn, forward).ok());
    core::InboxRule locked;
    locked.id = "rule-locked";
    locked.is_read_only = true;
    ASSERT_TRUE(world_.AddInboxRule(kTenant, kUpn, locked).ok());
    ASSERT_TRUE(world_.SignIn(kTenant, kUpn).ok());
  }

  Random random_{77};
  ports::FakeClock clock_;
  EventLog log_{&clock_};
  World world_{&log_};
  std::unique_ptr<FaultPlan> faults_;
  std::unique_ptr<SimulatedGraph> graph_;
};

TEST_F(SimulatedGraphTest, RevokeClearsSessionsAndAnswers200Or204) {
  Build({});
  bool saw_200 = false;
  bool saw_204 = false;
  for (int i = 0; i < 40; ++i) {
    const core::GraphCallOutcome o = graph_->RevokeSignInSessions(kAlice);
    ASSERT_TRUE(o.http_status == 200 || o.http_status == 204);
    saw_200 |= o.http_status == 200;
    saw_204 |= o.http_status == 204;
  }
  EXPECT_TRUE(saw_200 && saw_204) << "the engine must accept both";
  EXPECT_THAT(world_.SessionCount(kTenant, kUpn), Optional(0));
  EXPECT_EQ(log_.Count("graph revoke_sign_in_sessions"), 40u);
}

TEST_F(SimulatedGraphTest, SetAccountEnabledIsAPatch) {
  Build({});
  core::GraphCallOutcome o = graph_->SetAccountEnabled(kAlice, false);
  EXPECT_EQ(o.http_status, 204);
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, kUpn), Optional(false));
  // Idempotent: the same PATCH again succeeds and changes nothing.
  o = graph_->SetAccountEnabled(kAlice, false);
  EXPECT_EQ(o.http_status, 204);
  EXPECT_EQ(log_.Count("world cloud_enabled_changed"), 1u);
  ports::GraphUser user;
  EXPECT_EQ(graph_->GetUser(kAlice, &user).http_status, 200);
  EXPECT_FALSE(user.account_enabled);
  EXPECT_FALSE(user.on_premises_sync_enabled);
  EXPECT_EQ(user.usage_location, "DE");
}

TEST_F(SimulatedGraphTest, ListsRulesAndDomains) {
  Build({});
  std::vector<core::InboxRule> rules;
  EXPECT_EQ(graph_->ListInboxRules(kAlice, &rules).http_status, 200);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].id, "rule-forward");
  EXPECT_TRUE(rules[1].is_read_only);
  std::vector<std::string> domains;
  EXPECT_EQ(graph_->ListTenantDomains(kTenant, &domains).http_status, 200);
  EXPECT_THAT(domains, ElementsAre("contoso.com"));
}

TEST_F(SimulatedGraphTest, DisablesARule) {
  Build({});
  EXPECT_EQ(
      graph_->SetInboxRuleEnabled(kAlice, "rule-forward", false).http_status,
      200);
  EXPECT_FALSE(world_.Rule(kTenant, kUpn, "rule-forward")->is_enabled);
}

// ISO-3 / ISO-11: a read-only rule cannot be changed, and the answer says so.
TEST_F(SimulatedGraphTest, ReadOnlyRuleCannotBeChanged) {
  Build({});
  const core::GraphCallOutcome o =
      graph_->SetInboxRuleEnabled(kAlice, "rule-locked", false);
  EXPECT_EQ(o.http_status, 403);
  EXPECT_EQ(o.error_code, "ErrorAccessDenied_ReadOnlyRule");
  EXPECT_TRUE(o.target_rule_read_only);
  EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kReadOnlyRule);
  EXPECT_TRUE(world_.Rule(kTenant, kUpn, "rule-locked")->is_enabled);
}

TEST_F(SimulatedGraphTest, UnknownUserRuleAndTenant) {
  Build({});
  const ports::GraphUserRef ghost{kTenant, "ghost@contoso.com"};
  core::GraphCallOutcome o = graph_->SetAccountEnabled(ghost, false);
  EXPECT_EQ(o.http_status, 404);
  EXPECT_EQ(o.error_code, "Request_ResourceNotFound");
  EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kPermanent);

  o = graph_->SetInboxRuleEnabled(kAlice, "no-such-rule", false);
  EXPECT_EQ(o.http_status, 404);
  EXPECT_EQ(o.error_code, "ErrorItemNotFound");

  const ports::GraphUserRef elsewhere{"cccccccc-0000-0000-0000-000000000009",
                                      kUpn};
  o = graph_->RevokeSignInSessions(elsewhere);
  EXPECT_EQ(o.aadsts_code, "AADSTS90002");
  EXPECT_EQ(core::ClassifyGraphOutcome(o),
            core::ErrorClass::kTenantInaccessible);
}

// An injected error is refused before the effect: the world is unchanged.
TEST_F(SimulatedGraphTest, InjectedErrorChangesNothing) {
  FaultPlanConfig config;
  config.SetAll({1.0, ErrorMix{}});  // every call fails, transient kinds
  Build(config);
  std::vector<core::InboxRule> rules = {core::InboxRule{}};
  for (int i = 0; i < 20; ++i) {
    const core::GraphCallOutcome o = graph_->SetAccountEnabled(kAlice, false);
    EXPECT_NE(core::ClassifyGraphOutcome(o), core::ErrorClass::kSuccess);
    graph_->RevokeSignInSessions(kAlice);
    graph_->SetInboxRuleEnabled(kAlice, "rule-forward", false);
    graph_->ListInboxRules(kAlice, &rules);
    EXPECT_TRUE(rules.empty()) << "a failed list returns no rules";
  }
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, kUpn), Optional(true));
  EXPECT_THAT(world_.SessionCount(kTenant, kUpn), Optional(1));
  EXPECT_TRUE(world_.Rule(kTenant, kUpn, "rule-forward")->is_enabled);
  EXPECT_EQ(log_.Count("fault="), 80u);
}

// DESIGN rule 1: the request reached Graph but the answer was lost. The
// state changed, the caller sees a timeout, and a retry must be harmless.
TEST_F(SimulatedGraphTest, TimeoutAfterEffectChangesStateButReportsTimeout) {
  FaultPlanConfig config;
  config.SetAll({1.0, ErrorMix::Only(FaultKind::kTimeoutAfterEffect)});
  Build(config);
  core::GraphCallOutcome o = graph_->SetAccountEnabled(kAlice, false);
  EXPECT_TRUE(o.timed_out);
  EXPECT_EQ(core::ClassifyGraphOutcome(o), core::ErrorClass::kRetryable);
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, kUpn), Optional(false));

  o = graph_->RevokeSignInSessions(kAlice);
  EXPECT_TRUE(o.timed_out);
  EXPECT_THAT(world_.SessionCount(kTenant, kUpn), Optional(0));

  o = graph_->SetInboxRuleEnabled(kAlice, "rule-forward", false);
  EXPECT_TRUE(o.timed_out);
  EXPECT_FALSE(world_.Rule(kTenant, kUpn, "rule-forward")->is_enabled);

  std::vector<core::InboxRule> rules;
  o = graph_->ListInboxRules(kAlice, &rules);
  EXPECT_TRUE(o.timed_out);
  EXPECT_TRUE(rules.empty()) << "a lost answer carries no data";

  // The retry (faults gone) finds the work done and succeeds.
  faults_->SetQuiet(true);
  EXPECT_EQ(graph_->SetAccountEnabled(kAlice, false).http_status, 204);
  EXPECT_EQ(log_.Count("world cloud_enabled_changed"), 1u);
  EXPECT_EQ(log_.Count("fault=timeout_after_effect"), 4u);
}

TEST_F(SimulatedGraphTest, AadstsTenantFailsEveryCallAndChangesNothing) {
  FaultPlanConfig config;
  config.tenant_aadsts[kTenant] = "AADSTS7000215";
  Build(config);
  std::vector<core::GraphCallOutcome> outcomes;
  std::vector<core::InboxRule> rules;
  std::vector<std::string> domains;
  ports::GraphUser user;
  outcomes.push_back(graph_->RevokeSignInSessions(kAlice));
  outcomes.push_back(graph_->SetAccountEnabled(kAlice, false));
  outcomes.push_back(graph_->ListInboxRules(kAlice, &rules));
  outcomes.push_back(
      graph_->SetInboxRuleEnabled(kAlice, "rule-forward", false));
  outcomes.push_back(graph_->GetUser(kAlice, &user));
  outcomes.push_back(graph_->ListTenantDomains(kTenant, &domains));
  for (const core::GraphCallOutcome& o : outcomes) {
    EXPECT_EQ(o.http_status, 401);
    EXPECT_EQ(o.aadsts_code, "AADSTS7000215");
    EXPECT_EQ(core::ClassifyGraphOutcome(o),
              core::ErrorClass::kTenantInaccessible);
  }
  EXPECT_THAT(world_.SessionCount(kTenant, kUpn), Optional(1));
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, kUpn), Optional(true));
  EXPECT_EQ(log_.Count("aadsts=AADSTS7000215"), 6u);
}

TEST_F(SimulatedGraphTest, ThrottledCallsChangeNothingUntilTheMinuteRolls) {
  FaultPlanConfig config;
  config.calls_per_minute = 1;
  Build(config);
  EXPECT_EQ(graph_->RevokeSignInSessions(kAlice).http_status % 100, 0);
  ASSERT_TRUE(world_.SignIn(kTenant, kUpn).ok());
  const core::GraphCallOutcome o = graph_->RevokeSignInSessions(kAlice);
  EXPECT_EQ(o.http_status, 429);
  EXPECT_THAT(world_.SessionCount(kTenant, kUpn), Optional(1));
  clock_.Advance(*o.retry_after);
  EXPECT_NE(graph_->RevokeSignInSessions(kAlice).http_status, 429);
  EXPECT_THAT(world_.SessionCount(kTenant, kUpn), Optional(0));
}

TEST_F(SimulatedGraphTest, EveryCallIsOneLogLine) {
  Build({});
  graph_->SetAccountEnabled(kAlice, false);
  EXPECT_EQ(log_.lines().back(),
            "t=2026-01-01T00:00:00Z graph set_account_enabled tenant=" +
                std::string(kTenant) + " upn=" + kUpn +
                " enabled=false http=204");
}

// ports::Graph is called concurrently by the outbox worker: the simulated
// Graph must hold up (no lost lines, no torn state), even though only a
// single-threaded run is deterministic.
TEST_F(SimulatedGraphTest, ConcurrentCallsAreSafe) {
  FaultPlanConfig config;
  config.SetAll({0.3, ErrorMix{1, 1, 1, 1, 1, 1, 0}});
  Build(config);
  const size_t lines_before = log_.Count(" graph ");
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 250;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      std::vector<core::InboxRule> rules;
      for (int i = 0; i < kCallsPerThread; ++i) {
        graph_->SetInboxRuleEnabled(kAlice, "rule-forward", (i + t) % 2 == 0);
        graph_->ListInboxRules(kAlice, &rules);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(log_.Count(" graph "),
            lines_before + 2 * kThreads * kCallsPerThread);
}

}  // namespace simulated_graph_test
}  // namespace cordon::sim
