// The outbox worker's BUGGIFY sites (server/core/buggify.h): each fires
// here on purpose, and the outcome stays right (DESIGN rule 1: every action
// is performed until its outcome is recorded, once recorded never again;
// repeating a call is harmless because actions set a state).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/adapters/seeded_random.h"
#include "server/core/buggify.h"
#include "server/engine/outbox/outbox_worker.h"
#include "server/store/rocks/rocks_database.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"

namespace cordon::engine {
namespace outbox_worker_buggify_test {

using cordon::store::OutboxAction;

// Fires one site, `times` times; a stall moves the clock by kStall.
class OneSite final : public core::BuggifyHooks {
 public:
  static constexpr absl::Duration kStall = absl::Seconds(5);
  OneSite(core::BuggifySite site, int times, ports::FakeClock* clock)
      : site_(site), times_(times), clock_(clock) {}
  bool Fires(core::BuggifySite site) override {
    if (site != site_ || times_ == 0) return false;
    --times_;
    return true;
  }
  void Stall(core::BuggifySite) override { clock_->Advance(kStall); }
  bool used_up() const { return times_ == 0; }

 private:
  const core::BuggifySite site_;
  int times_;
  ports::FakeClock* clock_;
};

// Sets a state in a pretend world (so a repeat changes nothing) and notes
// how each action ended and when.
class SettingHandler final : public ActionHandler {
 public:
  explicit SettingHandler(const ports::FakeClock* clock) : clock_(clock) {}
  ActionResult Perform(const OutboxAction& action) override {
    ++calls_[action.upn()];
    disabled_[action.upn()] = true;
    return ActionResult{};
  }
  absl::Status RecordEnd(store::Transaction&, const OutboxAction& action,
                         ActionEnd end, const ActionResult&) override {
    ends_[action.upn()].push_back(end);
    recorded_at_[action.upn()] = clock_->Now();
    return absl::OkStatus();
  }
  std::map<std::string, int> calls_;
  std::map<std::string, bool> disabled_;
  std::map<std::string, std::vector<ActionEnd>> ends_;
  std::map<std::string, absl::Time> recorded_at_;

 private:
  const ports::FakeClock* clock_;
};

class OutboxWorkerBuggifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!core::BuggifyCompiledIn()) {
      GTEST_SKIP() << "built with -DCORDON_BUGGIFY=OFF";
    }
    auto db = store::RocksDatabase::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    outbox_ = std::make_unique<Outbox>(db_.get());
    router_.Route(OutboxAction::DISABLE_ACCOUNT, &handler_);
    worker_ = std::make_unique<OutboxWorker>(db_.get(), &clock_, &random_,
                                             outbox_.get(), &router_,
                                             OutboxWorkerOptions{64, 1});
  }
  void TearDown() override {
    core::SetBuggifyHooks(nullptr);
    worker_.reset();
    outbox_.reset();
    db_.reset();
  }
  void Install(core::BuggifySite site, int times) {
    hooks_ = std::make_unique<OneSite>(site, times, &clock_);
    core::SetBuggifyHooks(hooks_.get());
  }
  void Enqueue(const std::string& upn) {
    OutboxAction action;
    action.set_kind(OutboxAction::DISABLE_ACCOUNT);
    action.set_upn(upn);
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    ASSERT_TRUE(outbox_->Enqueue(*txn, action, clock_.Now()).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  int RunPass() {
    absl::StatusOr<int> handled = worker_->RunOnce();
    EXPECT_TRUE(handled.ok()) << handled.status();
    return handled.ok() ? *handled : -1;
  }
  // Every action of `upns` ended once, succeeded, its state set.
  void ExpectSucceededOnce(const std::vector<std::string>& upns) {
    for (const std::string& upn : upns) {
      EXPECT_EQ(handler_.ends_[upn],
                std::vector<ActionEnd>{ActionEnd::kSucceeded})
          << upn;
      EXPECT_TRUE(handler_.disabled_[upn]) << upn;
    }
  }

  cordon::testing::TempDir dir_;
  ports::FakeClock clock_;
  adapters::SeededRandom random_{7};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Outbox> outbox_;
  SettingHandler handler_{&clock_};
  ActionRouter router_;
  std::unique_ptr<OutboxWorker> worker_;
  std::unique_ptr<OneSite> hooks_;
};

// A late wake-up holds the pass back by the idle poll, no longer: the
// action is not lost and runs once the worker is up.
TEST_F(OutboxWorkerBuggifyTest, DelayedWakeHoldsThePassBackByTheIdlePoll) {
  Install(core::BuggifySite::kDelayedWake, 1);
  Enqueue("alice");
  const absl::Time start = clock_.Now();
  EXPECT_EQ(RunPass(), 0);
  EXPECT_TRUE(hooks_->used_up());
  EXPECT_EQ(worker_->LateWakeUntil(), start + OutboxWorker::kIdlePoll);
  EXPECT_EQ(RunPass(), 0);  // still asleep
  EXPECT_EQ(handler_.calls_["alice"], 0);
  clock_.Advance(OutboxWorker::kIdlePoll);
  EXPECT_EQ(RunPass(), 1);
  EXPECT_EQ(handler_.calls_["alice"], 1);
  ExpectSucceededOnce({"alice"});
}

// A pass cut in two leaves the later half queued for the next pass: every
// action performed and recorded exactly once.
TEST_F(OutboxWorkerBuggifyTest, SplitPassLeavesTheRestForTheNextPass) {
  Install(core::BuggifySite::kSplitPass, 1);
  const std::vector<std::string> upns = {"a", "b", "c", "d", "e"};
  for (const std::string& upn : upns) Enqueue(upn);
  EXPECT_EQ(RunPass(), 3);
  EXPECT_TRUE(hooks_->used_up());
  EXPECT_EQ(handler_.ends_.size(), 3u);
  EXPECT_EQ(RunPass(), 2);
  EXPECT_EQ(RunPass(), 0);
  for (const std::string& upn : upns) EXPECT_EQ(handler_.calls_[upn], 1);
  ExpectSucceededOnce(upns);
}

// DESIGN rule 1: a success whose answer was lost is retried after backoff,
// performed again (setting the same state) and recorded once.
TEST_F(OutboxWorkerBuggifyTest, SpuriousRetryOfASuccessIsHarmless) {
  Install(core::BuggifySite::kSpuriousRetry, 1);
  Enqueue("alice");
  EXPECT_EQ(RunPass(), 1);
  EXPECT_TRUE(hooks_->used_up());
  EXPECT_EQ(handler_.calls_["alice"], 1);
  EXPECT_TRUE(handler_.ends_["alice"].empty()) << "recorded as done";
  clock_.Advance(absl::Hours(1));  // beyond any backoff
  EXPECT_EQ(RunPass(), 1);
  EXPECT_EQ(RunPass(), 0);
  EXPECT_EQ(handler_.calls_["alice"], 2);
  ExpectSucceededOnce({"alice"});
}

// A slow commit: time passes between the call's answer and the write of its
// outcome, which still records the action once.
TEST_F(OutboxWorkerBuggifyTest, SlowCommitRecordsTheOutcomeLater) {
  Install(core::BuggifySite::kSlowCommit, 1);
  Enqueue("alice");
  const absl::Time start = clock_.Now();
  EXPECT_EQ(RunPass(), 1);
  EXPECT_TRUE(hooks_->used_up());
  EXPECT_EQ(handler_.recorded_at_["alice"], start + OneSite::kStall);
  EXPECT_EQ(RunPass(), 0);
  EXPECT_EQ(handler_.calls_["alice"], 1);
  ExpectSucceededOnce({"alice"});
}

}  // namespace outbox_worker_buggify_test
}  // namespace cordon::engine
