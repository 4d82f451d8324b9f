// ISO-12: the simulated tenant's users delta query (object ids, pages,
// renames, deletions, expired links) through World and SimulatedGraph.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/error_class.h"
#include "simulator/event_log.h"
#include "simulator/fault_plan.h"
#include "simulator/random.h"
#include "simulator/simulated_graph.h"
#include "simulator/world.h"
#include "testing/fake_clock.h"

namespace cordon::sim {
namespace users_delta_test {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

constexpr char kTenant[] = "bbbbbbbb-0000-0000-0000-000000000001";

class UsersDeltaTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(FaultPlanConfig{}); }

  void Build(const FaultPlanConfig& config) {
    faults_ = std::make_unique<FaultPlan>(config, &random_, &clock_);
    graph_ = std::make_unique<SimulatedGraph>(&world_, faults_.get(), &log_,
                                              &random_);
    if (world_.HasTenant(kTenant)) return;
    ASSERT_TRUE(
        world_.AddTenant({.tenant_id = kTenant, .delta_page_size = 2}).ok());
    for (const char* upn :
         {"a@contoso.com", "b@contoso.com", "c@contoso.com"}) {
      ASSERT_TRUE(world_.AddUser(kTenant, {.upn = upn}).ok());
    }
  }

  // Reads a whole round from `link`; returns the delta link.
  std::string ReadRound(std::string link,
                        std::vector<ports::DirectoryUser>* users) {
    for (int pages = 0; pages < 10; ++pages) {
      ports::UsersDeltaPage page;
      const core::GraphCallOutcome outcome =
          graph_->ReadUsersDeltaPage(kTenant, link, &page);
      EXPECT_EQ(outcome.http_status, 200);
      if (outcome.http_status != 200) return "";
      for (auto& user : page.users) users->push_back(user);
      if (!page.delta_link.empty()) return page.delta_link;
      link = page.next_link;
    }
    ADD_FAILURE() << "the round never ended";
    return "";
  }

  Random random_{5};
  ports::FakeClock clock_;
  EventLog log_{&clock_};
  World world_{&log_};
  std::unique_ptr<FaultPlan> faults_;
  std::unique_ptr<SimulatedGraph> graph_;
};

TEST_F(UsersDeltaTest, Iso12ObjectIdsAreGuidShapedAndReproducible) {
  const std::string id = World::DerivedObjectId(kTenant, "A@Contoso.com");
  EXPECT_THAT(id, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
                               "[0-9a-f]{4}-[0-9a-f]{12}"));
  EXPECT_EQ(id, World::DerivedObjectId(kTenant, "a@contoso.com"));
  EXPECT_NE(id, World::DerivedObjectId(kTenant, "b@contoso.com"));
  EXPECT_EQ(world_.ObjectId(kTenant, "a@contoso.com"), id);
  ASSERT_TRUE(
      world_.AddUser(kTenant, {.upn = "d@contoso.com", .object_id = "X-1"})
          .ok());
  EXPECT_EQ(world_.ObjectId(kTenant, "d@contoso.com"), "x-1");
}

TEST_F(UsersDeltaTest, Iso12FullRoundPagesEveryUserOnce) {
  std::vector<ports::DirectoryUser> users;
  const std::string delta = ReadRound("", &users);
  std::set<std::string> upns;
  for (const auto& user : users) upns.insert(*user.upn);
  EXPECT_THAT(upns,
              ElementsAre("a@contoso.com", "b@contoso.com", "c@contoso.com"));
  EXPECT_EQ(users.size(), 3u);
  // Nothing changed since: an empty round.
  std::vector<ports::DirectoryUser> none;
  ReadRound(delta, &none);
  EXPECT_TRUE(none.empty());
}

TEST_F(UsersDeltaTest, Iso12RenamesDeletesAndEnablesShowInTheNextRound) {
  std::vector<ports::DirectoryUser> first;
  const std::string delta = ReadRound("", &first);
  const std::string a_id = *world_.ObjectId(kTenant, "a@contoso.com");
  const std::string b_id = *world_.ObjectId(kTenant, "b@contoso.com");
  ASSERT_EQ(world_.AdminRenameUser(kTenant, "a@contoso.com", "a2@contoso.com"),
            WorldResult::kDone);
  ASSERT_EQ(world_.AdminDeleteUser(kTenant, "b@contoso.com"),
            WorldResult::kDone);
  EXPECT_EQ(world_.AdminRenameUser(kTenant, "c@contoso.com", "a2@contoso.com"),
            WorldResult::kUpnTaken);
  std::vector<ports::DirectoryUser> changes;
  ReadRound(delta, &changes);
  ASSERT_EQ(changes.size(), 2u);
  for (const auto& user : changes) {
    if (user.object_id == a_id) {
      EXPECT_EQ(user.upn, "a2@contoso.com");
      EXPECT_FALSE(user.removed);
    } else {
      EXPECT_EQ(user.object_id, b_id);
      EXPECT_TRUE(user.removed);
    }
  }
}

TEST_F(UsersDeltaTest, Iso12OnPremEnableReachesTheCloudOnlyBySync) {
  ASSERT_TRUE(world_
                  .AddUser(kTenant, {.upn = "h@contoso.com",
                                     .account_enabled = false,
                                     .on_premises_sync_enabled = true,
                                     .on_prem_enabled = false})
                  .ok());
  std::vector<ports::DirectoryUser> first;
  const std::string delta = ReadRound("", &first);
  ASSERT_EQ(world_.AdminSetOnPremEnabled(kTenant, "h@contoso.com", true),
            WorldResult::kDone);
  EXPECT_EQ(world_.AdminSetOnPremEnabled(kTenant, "a@contoso.com", true),
            WorldResult::kNotSynced);
  std::vector<ports::DirectoryUser> before_sync;
  const std::string next = ReadRound(delta, &before_sync);
  EXPECT_TRUE(before_sync.empty());
  ASSERT_TRUE(world_.RunDirectorySyncCycle(kTenant).ok());
  std::vector<ports::DirectoryUser> after_sync;
  ReadRound(next, &after_sync);
  ASSERT_EQ(after_sync.size(), 1u);
  EXPECT_EQ(after_sync[0].account_enabled, true);
  EXPECT_EQ(after_sync[0].on_premises_sync_enabled, true);
}

TEST_F(UsersDeltaTest, Iso12ExpiredLinkAnswers410ResyncRequired) {
  std::vector<ports::DirectoryUser> first;
  const std::string delta = ReadRound("", &first);
  ASSERT_TRUE(world_.ExpireDeltaTokens(kTenant).ok());
  ports::UsersDeltaPage page;
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage(kTenant, delta, &page);
  EXPECT_EQ(outcome.http_status, 410);
  EXPECT_EQ(outcome.error_code, "resyncRequired");
  EXPECT_TRUE(page.resync_required);
  // A new full round works again.
  std::vector<ports::DirectoryUser> again;
  ReadRound("", &again);
  EXPECT_EQ(again.size(), 3u);
  // A link the simulated Graph never handed out is a bad request.
  ports::UsersDeltaPage bad;
  EXPECT_EQ(graph_->ReadUsersDeltaPage(kTenant, "next:x", &bad).http_status,
            400);
  EXPECT_FALSE(bad.resync_required);
}

TEST_F(UsersDeltaTest, Iso12FaultPlanAppliesToTheDeltaQuery) {
  FaultPlanConfig config;
  config.For(Operation::kReadUsersDelta).error_rate = 1.0;
  Build(config);
  ports::UsersDeltaPage page;
  const core::GraphCallOutcome outcome =
      graph_->ReadUsersDeltaPage(kTenant, "", &page);
  EXPECT_NE(core::ClassifyGraphOutcome(outcome), core::ErrorClass::kSuccess);
  EXPECT_TRUE(page.users.empty());
  EXPECT_EQ(OperationName(Operation::kReadUsersDelta), "read_users_delta");
}

}  // namespace users_delta_test
}  // namespace cordon::sim
