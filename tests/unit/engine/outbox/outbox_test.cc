// The outbox's due-time read (DESIGN rule 1/2): "what is due by now" in due
// order, starting at a floor so that the tombstones of performed actions
// are not stepped over on every pass, and never losing an action queued
// below that floor.

#include "server/engine/outbox/outbox.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/rocks/rocks_database.h"
#include "testing/temp_dir.h"

namespace cordon::engine {
namespace outbox_test {

using cordon::store::OutboxAction;

const absl::Time kT0 = absl::FromUnixSeconds(1'800'000'000);

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    auto db = store::RocksDatabase::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    outbox_ = std::make_unique<Outbox>(db_.get());
  }
  void TearDown() override {
    outbox_.reset();
    db_.reset();
  }

  void Enqueue(const std::string& escalation, absl::Time due) {
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    OutboxAction action;
    action.set_kind(OutboxAction::ESCALATION_NOTICE_DUE);
    action.set_escalation(escalation);
    ASSERT_TRUE(outbox_->Enqueue(*txn, action, due).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::vector<std::string> Due(absl::Time now) {
    auto due = outbox_->Due(now, 100);
    EXPECT_TRUE(due.ok()) << due.status();
    std::vector<std::string> names;
    for (const QueuedAction& queued : *due) {
      names.push_back(queued.action.escalation());
    }
    return names;
  }
  void TakeAll(absl::Time now) {
    auto due = outbox_->Due(now, 100);
    ASSERT_TRUE(due.ok());
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    for (const QueuedAction& queued : *due) {
      ASSERT_TRUE(outbox_->Take(*txn, queued.key).ok());
    }
    ASSERT_TRUE(txn->Commit().ok());
  }

  cordon::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, DueListsWhatIsDueInDueOrderAndNothingLater) {
  Enqueue("b", kT0 + absl::Seconds(2));
  Enqueue("a", kT0 + absl::Seconds(1));
  Enqueue("later", kT0 + absl::Hours(12));
  EXPECT_EQ(Due(kT0 + absl::Seconds(5)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Due(kT0 + absl::Hours(12)),
            (std::vector<std::string>{"a", "b", "later"}));
}

TEST_F(OutboxTest, ActionsQueuedAfterAPassAtOrAfterItsTimeAreFound) {
  for (int i = 0; i < 50; ++i) Enqueue("old", kT0);
  TakeAll(kT0 + absl::Minutes(5));  // 50 tombstones below the next floor
  Enqueue("now", kT0 + absl::Minutes(5));
  Enqueue("next", kT0 + absl::Minutes(6));
  EXPECT_EQ(Due(kT0 + absl::Minutes(5)), std::vector<std::string>{"now"});
  EXPECT_EQ(Due(kT0 + absl::Minutes(6)),
            (std::vector<std::string>{"now", "next"}));
}

TEST_F(OutboxTest, AnActionQueuedBelowTheFloorIsFoundByTheNextFullScan) {
  EXPECT_TRUE(Due(kT0).empty());                      // full scan
  EXPECT_TRUE(Due(kT0 + absl::Seconds(30)).empty());  // floor at 20 s
  // A write that took longer than the commit slack to commit.
  Enqueue("slow", kT0 + absl::Seconds(5));
  const absl::Time before_full_scan = kT0 + absl::Seconds(50);
  const std::vector<std::string> maybe = Due(before_full_scan);
  EXPECT_TRUE(maybe.empty() || maybe == std::vector<std::string>{"slow"});
  // Within a minute of the last full scan it is found, not lost.
  EXPECT_EQ(Due(kT0 + Outbox::kFullScanPeriod),
            std::vector<std::string>{"slow"});
}

TEST_F(OutboxTest, AClockThatWentBackScansFromTheStart) {
  EXPECT_TRUE(Due(kT0 + absl::Hours(1)).empty());
  Enqueue("earlier", kT0);
  EXPECT_EQ(Due(kT0 + absl::Seconds(1)), std::vector<std::string>{"earlier"});
}

}  // namespace outbox_test
}  // namespace cordon::engine
