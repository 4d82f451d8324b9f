#include "simulator/simulated_on_prem_agent.h"

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/simulated_graph.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"

namespace cordon::sim {
namespace simulated_on_prem_agent_test {

using ::testing::HasSubstr;
using ::testing::Optional;
using Kind = AgentOutcome::Kind;

constexpr char kNewAgent[] = "dddddddd-0000-0000-0000-000000000001";
constexpr char kOldAgent[] = "dddddddd-0000-0000-0000-000000000002";
constexpr char kNoAgent[] = "dddddddd-0000-0000-0000-000000000003";
constexpr char kUpn[] = "bob@fabrikam.com";

class SimulatedOnPremAgentTest : public ::testing::Test {
 protected:
  void Build(const FaultPlanConfig& config) {
    faults_ = std::make_unique<FaultPlan>(config, &random_, &clock_);
    agent_ =
        std::make_unique<SimulatedOnPremAgent>(&world_, faults_.get(), &log_);
    graph_ = std::make_unique<SimulatedGraph>(&world_, faults_.get(), &log_,
                                              &random_);
    for (const auto& [tenant, version] :
         {std::pair{kNewAgent, "0.14.22"}, std::pair{kOldAgent, "0.14.9"},
          std::pair{kNoAgent, ""}}) {
      ASSERT_TRUE(world_
                      .AddTenant({.tenant_id = tenant,
                                  .verified_domains = {"fabrikam.com"},
                                  .agent_version = version})
                      .ok());
      ASSERT_TRUE(
          world_
              .AddUser(tenant, {.upn = kUpn, .on_premises_sync_enabled = true})
              .ok());
      ASSERT_TRUE(world_.AddUser(tenant, {.upn = "cloud@fabrikam.com"}).ok());
    }
  }

  Random random_{3};
  ports::FakeClock clock_;
  EventLog log_{&clock_};
  World world_{&log_};
  std::unique_ptr<FaultPlan> faults_;
  std::unique_ptr<SimulatedOnPremAgent> agent_;
  std::unique_ptr<SimulatedGraph> graph_;
};

// ISO-9: an on-prem disable through the agent reaches the cloud at the next
// sync cycle, and survives every cycle after it.
TEST_F(SimulatedOnPremAgentTest, OnPremDisableSurvivesDirectorySync) {
  Build({});
  const AgentOutcome outcome =
      agent_->SetAccountEnabled(kNewAgent, kUpn, false);
  EXPECT_EQ(outcome.kind, Kind::kSuccess);
  EXPECT_THAT(world_.IsOnPremEnabled(kNewAgent, kUpn), Optional(false));
  EXPECT_THAT(world_.IsCloudEnabled(kNewAgent, kUpn), Optional(true))
      << "the cloud follows only at the next sync";
  ASSERT_TRUE(world_.RunDirectorySyncCycle(kNewAgent).ok());
  EXPECT_THAT(world_.IsCloudEnabled(kNewAgent, kUpn), Optional(false));
  ASSERT_TRUE(world_.RunDirectorySyncCycle(kNewAgent).ok());
  EXPECT_THAT(world_.IsCloudEnabled(kNewAgent, kUpn), Optional(false));
}

// ISO-9: without a capable agent a cloud-side disable is only LIMITED: the
// next sync undoes it.
TEST_F(SimulatedOnPremAgentTest, CloudDisableOfHybridUserIsUndoneBySync) {
  Build({});
  EXPECT_EQ(graph_->SetAccountEnabled({kOldAgent, kUpn}, false).http_status,
            204);
  EXPECT_THAT(world_.IsCloudEnabled(kOldAgent, kUpn), Optional(false));
  ASSERT_TRUE(world_.RunDirectorySyncCycle(kOldAgent).ok());
  EXPECT_THAT(world_.IsCloudEnabled(kOldAgent, kUpn), Optional(true));
}

TEST_F(SimulatedOnPremAgentTest, OldOrMissingAgentRefusesPermanently) {
  Build({});
  AgentOutcome outcome = agent_->SetAccountEnabled(kOldAgent, kUpn, false);
  EXPECT_EQ(outcome.kind, Kind::kPermanent);
  EXPECT_THAT(outcome.detail, HasSubstr("agent too old"));
  outcome = agent_->SetAccountEnabled(kNoAgent, kUpn, false);
  EXPECT_EQ(outcome.kind, Kind::kPermanent);
  EXPECT_THAT(outcome.detail, HasSubstr("no agent"));
  EXPECT_THAT(world_.IsOnPremEnabled(kOldAgent, kUpn), Optional(true));
  EXPECT_THAT(world_.IsOnPremEnabled(kNoAgent, kUpn), Optional(true));
  // Upgrading the agent makes it work.
  ASSERT_TRUE(world_.SetAgentVersion(kOldAgent, "0.15").ok());
  EXPECT_EQ(agent_->SetAccountEnabled(kOldAgent, kUpn, false).kind,
            Kind::kSuccess);
}

TEST_F(SimulatedOnPremAgentTest, CloudOnlyAndUnknownUsersArePermanent) {
  Build({});
  EXPECT_EQ(
      agent_->SetAccountEnabled(kNewAgent, "cloud@fabrikam.com", false).kind,
      Kind::kPermanent);
  EXPECT_EQ(
      agent_->SetAccountEnabled(kNewAgent, "ghost@fabrikam.com", false).kind,
      Kind::kPermanent);
  EXPECT_EQ(agent_->SetAccountEnabled("nope", kUpn, false).kind,
            Kind::kPermanent);
}

TEST_F(SimulatedOnPremAgentTest, InjectedFaultsAreRetryableOrPermanent) {
  FaultPlanConfig config;
  config.For(Operation::kAgentSetAccountEnabled) = {
      1.0, ErrorMix{1, 1, 1, 1, 1, 0, 1}};
  Build(config);
  int retryable = 0;
  int permanent = 0;
  for (int i = 0; i < 600; ++i) {
    const AgentOutcome outcome =
        agent_->SetAccountEnabled(kNewAgent, kUpn, false);
    ASSERT_NE(outcome.kind, Kind::kSuccess);
    retryable += outcome.kind == Kind::kRetryable;
    permanent += outcome.kind == Kind::kPermanent;
  }
  EXPECT_NEAR(permanent, 100, 50);
  EXPECT_NEAR(retryable, 500, 50);
  EXPECT_THAT(world_.IsOnPremEnabled(kNewAgent, kUpn), Optional(true))
      << "a refused call changes nothing";
}

TEST_F(SimulatedOnPremAgentTest, TimeoutAfterEffectChangesOnPremState) {
  FaultPlanConfig config;
  config.For(Operation::kAgentSetAccountEnabled) = {
      1.0, ErrorMix::Only(FaultKind::kTimeoutAfterEffect)};
  Build(config);
  EXPECT_EQ(agent_->SetAccountEnabled(kNewAgent, kUpn, false).kind,
            Kind::kRetryable);
  EXPECT_THAT(world_.IsOnPremEnabled(kNewAgent, kUpn), Optional(false));
  EXPECT_EQ(log_.Count("agent set_account_enabled"), 1u);
}

}  // namespace simulated_on_prem_agent_test
}  // namespace cordon::sim
