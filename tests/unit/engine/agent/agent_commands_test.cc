// ISO-15: the durable command queue and the in-memory presence of agents.

#include "server/engine/agent/agent_commands.h"

#include <memory>

#include "gtest/gtest.h"
#include "server/engine/agent/agent_presence.h"
#include "server/store/rocks/rocks_database.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace cordon::engine {
namespace agent_commands_test {

using cordon::store::OutboxAction;

OutboxAction Disable(const std::string& identity) {
  OutboxAction action;
  action.set_kind(OutboxAction::AGENT_DISABLE_ACCOUNT);
  action.set_identity(identity);
  action.set_upn("bob@fabrikam.com");
  return action;
}

class AgentCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::RocksDatabase::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    commands_ = std::make_unique<AgentCommands>(db_.get(), &clock_);
  }

  std::string Queue(const std::string& identity) {
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    absl::StatusOr<std::string> id = commands_->Queue(*txn, Disable(identity));
    EXPECT_TRUE(id.ok()) << id.status();
    EXPECT_TRUE(txn->Commit().ok());
    return id.ok() ? *id : "";
  }

  cordon::testing::TempDir dir_;
  ports::FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<AgentCommands> commands_;
  const core::OrganizationName fabrikam_{1, 2};
};

TEST_F(AgentCommandsTest, Iso15PendingInHandOverOrderPerOrganization) {
  const std::string first = Queue("accounts/1/organizations/2/identities/3");
  Queue("accounts/1/organizations/9/identities/4");  // another organization
  const std::string second = Queue("accounts/1/organizations/2/identities/5");
  auto pending = commands_->Pending(fabrikam_, 10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].command_id(), first);
  EXPECT_EQ((*pending)[1].command_id(), second);
  EXPECT_EQ((*pending)[0].action().upn(), "bob@fabrikam.com");
  EXPECT_EQ(commands_->AllPending(10)->size(), 3u);
  EXPECT_EQ(commands_->Pending(fabrikam_, 1)->size(), 1u);  // bounded
}

TEST_F(AgentCommandsTest, Iso15TakeOnceThenNothing) {
  const std::string id = Queue("accounts/1/organizations/2/identities/3");
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    auto taken = commands_->Take(*txn, fabrikam_, id);
    ASSERT_TRUE(taken.ok());
    EXPECT_EQ(taken->has_value(), round == 0) << round;
    ASSERT_TRUE(txn->Commit().ok());
  }
  EXPECT_TRUE(commands_->Pending(fabrikam_, 10)->empty());
  // Another organization's key cannot take it; a malformed id is refused.
  const std::string other = Queue("accounts/1/organizations/2/identities/3");
  std::unique_ptr<store::Transaction> txn = db_->Begin();
  EXPECT_FALSE(commands_->Take(*txn, {1, 9}, other)->has_value());
  EXPECT_EQ(commands_->Take(*txn, fabrikam_, "cmd-x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AgentPresenceTest, Iso15OneStreamPerOrganizationAndABound) {
  AgentPresence presence(/*max_streams=*/1);
  const core::OrganizationName org{1, 2};
  auto first = presence.Open(org);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(presence.IsConnected(org));
  // Another organization past the bound: refused.
  EXPECT_EQ(presence.Open({1, 3}).status().code(),
            absl::StatusCode::kResourceExhausted);
  // A newer stream of the same organization replaces the older.
  auto second = presence.Open(org);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(presence.Wait(org, *first, presence.Generation(org),
                          absl::ZeroDuration()),
            AgentPresence::Wake::kReplaced);
  EXPECT_FALSE(presence.Close(org, *first));  // not the current one
  presence.Notify(org);
  EXPECT_EQ(presence.Wait(org, *second, 0, absl::ZeroDuration()),
            AgentPresence::Wake::kNotified);
  EXPECT_TRUE(presence.Close(org, *second));
  EXPECT_FALSE(presence.IsConnected(org));
  EXPECT_TRUE(presence.Open({1, 3}).ok());  // room again
}

}  // namespace agent_commands_test
}  // namespace cordon::engine
