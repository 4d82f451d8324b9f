#include "simulator/world.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/isolation/inbox_rule.h"
#include "testing/fake_clock.h"
#include "simulator/event_log.h"

namespace cordon::sim {
namespace world_test {

using ::testing::ElementsAre;
using ::testing::Optional;

constexpr char kTenant[] = "aaaaaaaa-0000-0000-0000-000000000001";

class WorldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(world_
                    .AddTenant({.tenant_id = kTenant,
                                .verified_domains = {"contoso.com"},
                                .agent_version = ""})
                    .ok());
    ASSERT_TRUE(world_.AddUser(kTenant, {.upn = "Cloud@Contoso.com"}).ok());
    ASSERT_TRUE(world_
                    .AddUser(kTenant, {.upn = "hybrid@contoso.com",
                                       .on_premises_sync_enabled = true})
                    .ok());
  }

  ports::FakeClock clock_;
  EventLog log_{&clock_};
  World world_{&log_};
};

TEST_F(WorldTest, UpnsAndTenantIdsAreCaseInsensitive) {
  EXPECT_THAT(world_.IsCloudEnabled("AAAAAAAA-0000-0000-0000-000000000001",
                                    "CLOUD@contoso.COM"),
              Optional(true));
  EXPECT_THAT(world_.Upns(kTenant),
              ElementsAre("cloud@contoso.com", "hybrid@contoso.com"));
  EXPECT_EQ(world_.AddUser(kTenant, {.upn = "cloud@CONTOSO.com"}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(world_.AddTenant({.tenant_id = kTenant}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(world_.AddUser("nope", {.upn = "x@y.z"}).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(world_.IsCloudEnabled(kTenant, "ghost@contoso.com"), absl::nullopt);
}

TEST_F(WorldTest, OnPremStateExistsOnlyForSyncedUsers) {
  EXPECT_EQ(world_.IsOnPremEnabled(kTenant, "cloud@contoso.com"),
            absl::nullopt);
  EXPECT_THAT(world_.IsOnPremEnabled(kTenant, "hybrid@contoso.com"),
              Optional(true));
  EXPECT_EQ(world_.ApplySetOnPremEnabled(kTenant, "cloud@contoso.com", false),
            WorldResult::kNotSynced);
}

TEST_F(WorldTest, SignInAddsSessionsAndRevokeClearsThem) {
  ASSERT_TRUE(world_.SignIn(kTenant, "cloud@contoso.com").ok());
  ASSERT_TRUE(world_.SignIn(kTenant, "cloud@contoso.com").ok());
  EXPECT_THAT(world_.SessionCount(kTenant, "cloud@contoso.com"), Optional(2));
  EXPECT_EQ(world_.ApplyRevokeSessions(kTenant, "cloud@contoso.com"),
            WorldResult::kDone);
  EXPECT_THAT(world_.SessionCount(kTenant, "cloud@contoso.com"), Optional(0));
  EXPECT_EQ(log_.Count("world sessions_revoked"), 1u);
}

// ISO-3: a disabled account cannot sign in any more.
TEST_F(WorldTest, DisabledAccountCannotSignIn) {
  world_.ApplySetCloudEnabled(kTenant, "cloud@contoso.com", false);
  EXPECT_EQ(world_.SignIn(kTenant, "cloud@contoso.com").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(world_.SessionCount(kTenant, "cloud@contoso.com"), Optional(0));
}

// ISO-9: directory sync overwrites a cloud-side disable of a synced user, and
// leaves cloud-only users alone.
TEST_F(WorldTest, DirectorySyncOverwritesCloudDisableOfSyncedUsersOnly) {
  world_.ApplySetCloudEnabled(kTenant, "cloud@contoso.com", false);
  world_.ApplySetCloudEnabled(kTenant, "hybrid@contoso.com", false);
  ASSERT_TRUE(world_.RunDirectorySyncCycle(kTenant).ok());
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, "cloud@contoso.com"),
              Optional(false));
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, "hybrid@contoso.com"),
              Optional(true));
  EXPECT_EQ(log_.Count("dirsync account_enabled_overwritten"), 1u);
  EXPECT_EQ(log_.Count("dirsync cycle tenant=" + std::string(kTenant) +
                       " overwritten=1"),
            1u);
}

// ISO-9: an on-prem disable is what sync carries to the cloud.
TEST_F(WorldTest, DirectorySyncCarriesOnPremDisableToTheCloud) {
  world_.ApplySetOnPremEnabled(kTenant, "hybrid@contoso.com", false);
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, "hybrid@contoso.com"),
              Optional(true));
  world_.RunDirectorySyncCycleForAllTenants();
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, "hybrid@contoso.com"),
              Optional(false));
  // A cloud-side re-enable does not survive the next cycle either.
  world_.ApplySetCloudEnabled(kTenant, "hybrid@contoso.com", true);
  world_.RunDirectorySyncCycleForAllTenants();
  EXPECT_THAT(world_.IsCloudEnabled(kTenant, "hybrid@contoso.com"),
              Optional(false));
}

TEST_F(WorldTest, ReadOnlyRuleCannotBeChanged) {
  core::InboxRule rule;
  rule.id = "AQAAAJ5dZp8=";
  rule.display_name = "org policy";
  rule.is_read_only = true;
  ASSERT_TRUE(world_.AddInboxRule(kTenant, "cloud@contoso.com", rule).ok());
  EXPECT_EQ(world_.AddInboxRule(kTenant, "cloud@contoso.com", rule).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(world_.ApplySetInboxRuleEnabled(kTenant, "cloud@contoso.com",
                                            rule.id, false),
            WorldResult::kReadOnlyRule);
  EXPECT_TRUE(world_.Rule(kTenant, "cloud@contoso.com", rule.id)->is_enabled);
  // Rule ids are case-sensitive.
  EXPECT_EQ(world_.ApplySetInboxRuleEnabled(kTenant, "cloud@contoso.com",
                                            "aqaaaj5dzp8=", false),
            WorldResult::kUnknownRule);
}

TEST_F(WorldTest, EveryStateChangeIsLoggedOnce) {
  const size_t before = log_.size();
  world_.ApplySetCloudEnabled(kTenant, "cloud@contoso.com", false);
  world_.ApplySetCloudEnabled(kTenant, "cloud@contoso.com", false);  // no-op
  EXPECT_EQ(log_.size(), before + 1);
  EXPECT_EQ(log_.Count("world cloud_enabled_changed"), 1u);
}

}  // namespace world_test
}  // namespace cordon::sim
