// The server's BUGGIFY sites in a simulated run (DESIGN rule 3): switched on
// per seed after the world's sites, listed as "server.<site>", firing with
// p_fire from the run's one generator, and never in the quiet period.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/buggify.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"

namespace cordon::sim {
namespace server_buggify_sites_test {

std::vector<std::string> ServerSites(const FaultPlan& plan) {
  std::vector<std::string> server;
  for (const std::string& site : plan.EnabledBuggifySites()) {
    if (absl::StartsWith(site, "server.")) server.push_back(site);
  }
  return server;
}

FaultPlanConfig WithServerSites(double p_site, double p_fire) {
  FaultPlanConfig config;
  config.buggify = {.enabled = true, .p_site = p_site, .p_fire = p_fire};
  config.buggify.server_sites = true;
  return config;
}

TEST(ServerBuggifySitesTest, DrawnAfterTheWorldSitesSoTheyStayPerSeed) {
  if (!core::BuggifyCompiledIn()) GTEST_SKIP() << "CORDON_BUGGIFY=OFF";
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    Random world_only(seed);
    Random both(seed);
    FaultPlanConfig config = WithServerSites(0.5, 0.25);
    FaultPlan with(config, &both, nullptr);
    config.buggify.server_sites = false;
    FaultPlan without(config, &world_only, nullptr);
    EXPECT_THAT(without.EnabledBuggifySites(),
                ::testing::IsSubsetOf(with.EnabledBuggifySites()));
    EXPECT_EQ(with.EnabledBuggifySites().size(),
              without.EnabledBuggifySites().size() + ServerSites(with).size());
    EXPECT_EQ(with.HasServerSites(), !ServerSites(with).empty());
  }
}

TEST(ServerBuggifySitesTest, AllOnListedAndFiringUntilQuiet) {
  if (!core::BuggifyCompiledIn()) GTEST_SKIP() << "CORDON_BUGGIFY=OFF";
  Random random(3);
  FaultPlan plan(WithServerSites(1, 1), &random, nullptr);
  EXPECT_THAT(
      ServerSites(plan),
      ::testing::ElementsAre("server.delayed_wake", "server.split_pass",
                             "server.spurious_retry", "server.slow_commit"));
  for (core::BuggifySite site : core::kAllBuggifySites) {
    EXPECT_TRUE(plan.FiresServerSite(site));
  }
  plan.SetQuiet(true);
  for (core::BuggifySite site : core::kAllBuggifySites) {
    EXPECT_FALSE(plan.FiresServerSite(site));
  }
}

TEST(ServerBuggifySitesTest, OffUnlessAskedFor) {
  Random random(3);
  FaultPlanConfig config = WithServerSites(1, 1);
  config.buggify.server_sites = false;
  FaultPlan plan(config, &random, nullptr);
  EXPECT_THAT(ServerSites(plan), ::testing::IsEmpty());
  EXPECT_FALSE(plan.HasServerSites());
  EXPECT_FALSE(plan.FiresServerSite(core::BuggifySite::kSplitPass));
}

TEST(ServerBuggifySitesTest, FireWithPFire) {
  if (!core::BuggifyCompiledIn()) GTEST_SKIP() << "CORDON_BUGGIFY=OFF";
  Random random(11);
  FaultPlan plan(WithServerSites(1, 0.2), &random, nullptr);
  int fired = 0;
  for (int i = 0; i < 1000; ++i) {
    fired += plan.FiresServerSite(core::BuggifySite::kSpuriousRetry);
  }
  EXPECT_GT(fired, 150);
  EXPECT_LT(fired, 250);
}

}  // namespace server_buggify_sites_test
}  // namespace cordon::sim
