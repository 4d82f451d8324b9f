// DESIGN rule 3: the same scenario and seed give the same event log, byte for
// byte; another seed explores another run.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/core/isolation/inbox_rule.h"
#include "testing/fake_clock.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/simulated_graph.h"
#include "simulator/simulated_on_prem_agent.h"
#include "simulator/world.h"

namespace cordon::sim {
namespace determinism_test {

constexpr char kCloudTenant[] = "eeeeeeee-0000-0000-0000-000000000001";
constexpr char kHybridTenant[] = "eeeeeeee-0000-0000-0000-000000000002";

struct RunResult {
  std::string hash;
  size_t faults = 0;
  std::string log;
};

// A fixed sequence of calls, every kind of fault switched on.
RunResult RunScript(uint64_t seed) {
  Random random(seed);
  ports::FakeClock clock;
  EventLog log(&clock);
  World world(&log);
  FaultPlanConfig config;
  config.SetAll({0.2, ErrorMix{1, 1, 1, 1, 1, 1, 1}});
  config.calls_per_minute = 40;
  config.buggify.enabled = true;
  FaultPlan faults(config, &random, &clock);
  SimulatedGraph graph(&world, &faults, &log, &random);
  SimulatedOnPremAgent agent(&world, &faults, &log);

  for (const std::string& site : faults.EnabledBuggifySites()) {
    log.Append("faults", "buggify_site", {{"site", site}});
  }
  EXPECT_TRUE(world
                  .AddTenant({.tenant_id = kCloudTenant,
                              .verified_domains = {"contoso.com"}})
                  .ok());
  EXPECT_TRUE(world
                  .AddTenant({.tenant_id = kHybridTenant,
                              .verified_domains = {"fabrikam.com"},
                              .agent_version = "0.14.22"})
                  .ok());
  std::vector<ports::GraphUserRef> users;
  for (int i = 0; i < 5; ++i) {
    users.push_back({kCloudTenant, absl::StrCat("user", i, "@contoso.com")});
    users.push_back({kHybridTenant, absl::StrCat("user", i, "@fabrikam.com")});
  }
  for (const ports::GraphUserRef& user : users) {
    EXPECT_TRUE(
        world
            .AddUser(user.tenant_id, {.upn = user.upn,
                                      .on_premises_sync_enabled =
                                          user.tenant_id == kHybridTenant})
            .ok());
    core::InboxRule rule;
    rule.id = "r-" + user.upn;
    EXPECT_TRUE(world.AddInboxRule(user.tenant_id, user.upn, rule).ok());
    EXPECT_TRUE(world.SignIn(user.tenant_id, user.upn).ok());
  }

  std::vector<core::InboxRule> rules;
  std::vector<std::string> domains;
  ports::GraphUser graph_user;
  for (int round = 0; round < 30; ++round) {
    for (const ports::GraphUserRef& user : users) {
      graph.RevokeSignInSessions(user);
      graph.SetAccountEnabled(user, round % 2 == 0);
      graph.ListInboxRules(user, &rules);
      graph.SetInboxRuleEnabled(user, "r-" + user.upn, round % 3 != 0);
      graph.GetUser(user, &graph_user);
      if (user.tenant_id == kHybridTenant) {
        agent.SetAccountEnabled(user.tenant_id, user.upn, round % 2 != 0);
      }
      world.SignIn(user.tenant_id, user.upn).IgnoreError();
    }
    graph.ListTenantDomains(kCloudTenant, &domains);
    world.RunDirectorySyncCycleForAllTenants();
    clock.Advance(absl::Seconds(20));
  }
  return {log.Hash(), log.Count("fault="), log.ToString()};
}

TEST(DeterminismTest, SameSeedGivesTheSameEventLog) {
  for (uint64_t seed : {1ULL, 42ULL, 0xdeadbeefULL}) {
    const RunResult first = RunScript(seed);
    const RunResult second = RunScript(seed);
    EXPECT_GT(first.faults, 100u) << "the script must exercise faults";
    EXPECT_EQ(first.hash, second.hash) << "seed " << seed;
    EXPECT_EQ(first.log, second.log) << "seed " << seed;
  }
}

TEST(DeterminismTest, DifferentSeedsGiveDifferentEventLogs) {
  const RunResult a = RunScript(1);
  const RunResult b = RunScript(2);
  const RunResult c = RunScript(3);
  EXPECT_NE(a.hash, b.hash);
  EXPECT_NE(a.hash, c.hash);
  EXPECT_NE(b.hash, c.hash);
}

}  // namespace determinism_test
}  // namespace cordon::sim
