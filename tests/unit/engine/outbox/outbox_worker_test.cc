// The outbox worker's retry and throttling rules (ISO-11, issue 10 "lock-out
// first"): a refused token is retried once; a Retry-After holds back only
// what Graph throttles (the tenant for directory calls, the mailbox for
// inbox-rule calls); containment goes before the rest of a pass. And
// (issue 15) with several servers on one etcd store, only the leader
// performs, and a deposed one records nothing.

#include "server/engine/outbox/outbox_worker.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/seeded_random.h"
#include "server/engine/outbox/outbox_metrics.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/leadership.h"
#include "server/store/rocks/rocks_database.h"
#include "testing/fake_clock.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::engine {
namespace outbox_worker_test {

using cordon::store::OutboxAction;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// "upn kind" of an action, e.g. "alice REVOKE_SESSIONS".
std::string Label(const OutboxAction& action) {
  return absl::StrCat(action.upn(), " ",
                      OutboxAction::Kind_Name(action.kind()));
}

ActionResult Throttled(core::ThrottleScope scope) {
  ActionResult result;
  result.error_class = core::ErrorClass::kThrottled;
  result.retry_after = absl::Seconds(60);
  result.throttle_scope = scope;
  return result;
}

ActionResult TokenRejected() {
  ActionResult result;
  result.error_class = core::ErrorClass::kTokenRejected;
  result.detail = "HTTP 401 InvalidAuthenticationToken";
  return result;
}

// Performs isolation kinds as Graph would be asked to, answering from a
// script per label (success once the script is used up), and remembers what
// was performed and how each action ended. Throttling and containment as
// IsolationActions declares them.
class ScriptedGraphHandler final : public ActionHandler {
 public:
  void Script(const std::string& label, std::vector<ActionResult> results) {
    scripts_[label] = {results.begin(), results.end()};
  }
  // Runs inside each call, as if the world changed while it was under way.
  void DuringCall(std::function<void()> hook) {
    during_call_ = std::move(hook);
  }
  ActionResult Perform(const OutboxAction& action) override {
    performed_.push_back(Label(action));
    if (during_call_) during_call_();
    std::deque<ActionResult>& script = scripts_[Label(action)];
    if (script.empty()) return ActionResult{};
    ActionResult result = script.front();
    script.pop_front();
    return result;
  }
  // Remembered once the record commits.
  absl::Status RecordEnd(store::Transaction& txn, const OutboxAction& action,
                         ActionEnd end, const ActionResult& result) override {
    txn.AfterCommit([this, label = Label(action), end, result] {
      ends_[label] = {end, result};
    });
    return absl::OkStatus();
  }
  ThrottledBy HeldBackBy(const OutboxAction& action) const override {
    return action.kind() == OutboxAction::DISABLE_SUSPICIOUS_RULES
               ? ThrottledBy::kTenantAndMailbox
               : ThrottledBy::kTenant;
  }
  bool IsContainment(const OutboxAction& action) const override {
    return action.kind() == OutboxAction::REVOKE_SESSIONS ||
           action.kind() == OutboxAction::DISABLE_ACCOUNT;
  }

  std::vector<std::string> TakePerformed() { return std::move(performed_); }
  const std::map<std::string, std::pair<ActionEnd, ActionResult>>& ends()
      const {
    return ends_;
  }

 private:
  std::map<std::string, std::deque<ActionResult>> scripts_;
  std::vector<std::string> performed_;
  std::map<std::string, std::pair<ActionEnd, ActionResult>> ends_;
  std::function<void()> during_call_;
};

class OutboxWorkerTest : public ::testing::Test {
 protected:
  virtual absl::StatusOr<std::unique_ptr<store::Database>> OpenDatabase() {
    auto db = store::RocksDatabase::Open(dir_.path());
    if (!db.ok()) return db.status();
    return std::unique_ptr<store::Database>(std::move(*db));
  }
  void SetUp() override {
    auto db = OpenDatabase();
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    outbox_ = std::make_unique<Outbox>(db_.get());
    for (auto kind :
         {OutboxAction::REVOKE_SESSIONS, OutboxAction::DISABLE_ACCOUNT,
          OutboxAction::DISABLE_SUSPICIOUS_RULES}) {
      router_.Route(kind, &handler_);
    }
    // One at a time, so the order performed is the order planned.
    worker_ = std::make_unique<OutboxWorker>(db_.get(), &clock_, &random_,
                                             outbox_.get(), &router_,
                                             OutboxWorkerOptions{64, 1});
  }
  void TearDown() override {
    worker_.reset();
    outbox_.reset();
    db_.reset();
  }

  void Enqueue(const std::string& tenant, const std::string& upn,
               OutboxAction::Kind kind) {
    OutboxAction action;
    action.set_kind(kind);
    action.set_tenant_id(tenant);
    action.set_upn(upn);
    std::unique_ptr<store::Transaction> txn = db_->Begin();
    ASSERT_TRUE(outbox_->Enqueue(*txn, action, clock_.Now()).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  std::vector<std::string> RunPass() {
    EXPECT_TRUE(worker_->RunOnce().ok());
    return handler_.TakePerformed();
  }

  cordon::testing::TempDir dir_;
  ports::FakeClock clock_;
  adapters::SeededRandom random_{7};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Outbox> outbox_;
  ScriptedGraphHandler handler_;
  ActionRouter router_;
  std::unique_ptr<OutboxWorker> worker_;
};

TEST_F(OutboxWorkerTest, Iso11RefusedTokenIsRetriedOnceWithANewToken) {
  handler_.Script("alice DISABLE_ACCOUNT", {TokenRejected()});
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_ACCOUNT"));
  EXPECT_THAT(handler_.ends(), IsEmpty());
  clock_.Advance(absl::Minutes(1));
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_ACCOUNT"));
  ASSERT_EQ(handler_.ends().count("alice DISABLE_ACCOUNT"), 1u);
  EXPECT_EQ(handler_.ends().at("alice DISABLE_ACCOUNT").first,
            ActionEnd::kSucceeded);
}

TEST_F(OutboxWorkerTest, Iso11SecondRefusedTokenIsFinal) {
  handler_.Script("alice DISABLE_ACCOUNT", {TokenRejected(), TokenRejected()});
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  RunPass();
  clock_.Advance(absl::Minutes(1));
  RunPass();
  ASSERT_EQ(handler_.ends().count("alice DISABLE_ACCOUNT"), 1u);
  const auto& [end, result] = handler_.ends().at("alice DISABLE_ACCOUNT");
  EXPECT_EQ(end, ActionEnd::kFailed);
  EXPECT_EQ(result.error_class, core::ErrorClass::kPermanent);
  EXPECT_TRUE(absl::StrContains(result.detail, "newly issued token"))
      << result.detail;
  clock_.Advance(absl::Hours(1));
  EXPECT_THAT(RunPass(), IsEmpty());
}

// A 429 on alice's inbox rules holds back her rules and nothing else: her
// lock-out and bob's rules in the same tenant go ahead.
TEST_F(OutboxWorkerTest, MailboxRetryAfterNeverDelaysALockOut) {
  handler_.Script("alice DISABLE_SUSPICIOUS_RULES",
                  {Throttled(core::ThrottleScope::kMailbox)});
  Enqueue("t1", "alice", OutboxAction::DISABLE_SUSPICIOUS_RULES);
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_SUSPICIOUS_RULES"));
  clock_.Advance(absl::Seconds(1));
  Enqueue("t1", "alice", OutboxAction::REVOKE_SESSIONS);
  Enqueue("t1", "bob", OutboxAction::DISABLE_SUSPICIOUS_RULES);
  EXPECT_THAT(RunPass(), ElementsAre("alice REVOKE_SESSIONS",
                                     "bob DISABLE_SUSPICIOUS_RULES"));
  clock_.Advance(absl::Seconds(60));
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_SUSPICIOUS_RULES"));
}

// A directory Retry-After holds back every Graph action of the tenant, and
// no other tenant's.
TEST_F(OutboxWorkerTest, TenantRetryAfterHoldsBackTheWholeTenantOnly) {
  handler_.Script("alice REVOKE_SESSIONS",
                  {Throttled(core::ThrottleScope::kTenant)});
  Enqueue("t1", "alice", OutboxAction::REVOKE_SESSIONS);
  RunPass();
  clock_.Advance(absl::Seconds(1));
  Enqueue("t1", "bob", OutboxAction::DISABLE_ACCOUNT);
  Enqueue("t1", "bob", OutboxAction::DISABLE_SUSPICIOUS_RULES);
  Enqueue("t2", "carol", OutboxAction::DISABLE_ACCOUNT);
  EXPECT_THAT(RunPass(), ElementsAre("carol DISABLE_ACCOUNT"));
  clock_.Advance(absl::Seconds(60));
  EXPECT_THAT(RunPass(),
              ElementsAre("alice REVOKE_SESSIONS", "bob DISABLE_ACCOUNT",
                          "bob DISABLE_SUSPICIOUS_RULES"));
}

TEST_F(OutboxWorkerTest, LockOutGoesFirstInAPass) {
  Enqueue("t1", "alice", OutboxAction::DISABLE_SUSPICIOUS_RULES);
  Enqueue("t1", "bob", OutboxAction::DISABLE_SUSPICIOUS_RULES);
  Enqueue("t1", "alice", OutboxAction::REVOKE_SESSIONS);
  Enqueue("t1", "bob", OutboxAction::DISABLE_ACCOUNT);
  EXPECT_THAT(RunPass(),
              ElementsAre("alice REVOKE_SESSIONS", "bob DISABLE_ACCOUNT",
                          "alice DISABLE_SUSPICIOUS_RULES",
                          "bob DISABLE_SUSPICIOUS_RULES"));
}

// Issue 10 "lock-out first" beyond one batch: a tenant's Retry-After defers
// its lock-out and its other work alike; when the wait ends, the lock-out
// must take the tenant's first calls even though more rule work than a
// batch holds was queued before it (ContainmentFirst alone orders only the
// fetched batch, so the rules went first and could earn the next 429).
TEST_F(OutboxWorkerTest, Iso11LockOutGoesFirstAfterATenantWaitBeyondABatch) {
  OutboxWorker small_batches(db_.get(), &clock_, &random_, outbox_.get(),
                             &router_, OutboxWorkerOptions{2, 1});
  handler_.Script("alice REVOKE_SESSIONS",
                  {Throttled(core::ThrottleScope::kTenant)});
  Enqueue("t1", "alice", OutboxAction::REVOKE_SESSIONS);
  ASSERT_TRUE(small_batches.RunOnce().ok());
  clock_.Advance(absl::Seconds(1));
  for (const char* upn : {"bob", "carol", "dave"}) {
    Enqueue("t1", upn, OutboxAction::DISABLE_SUSPICIOUS_RULES);
  }
  Enqueue("t1", "erin", OutboxAction::DISABLE_ACCOUNT);
  ASSERT_TRUE(small_batches.RunUntilIdle().ok());
  EXPECT_THAT(handler_.TakePerformed(), ElementsAre("alice REVOKE_SESSIONS"));

  // The wait has just ended: alice's retry and erin's lock-out first, then
  // the rules.
  clock_.Advance(absl::Seconds(59));
  ASSERT_TRUE(small_batches.RunUntilIdle().ok());
  EXPECT_THAT(handler_.TakePerformed(),
              ::testing::UnorderedElementsAre("alice REVOKE_SESSIONS",
                                              "erin DISABLE_ACCOUNT"));
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(small_batches.RunUntilIdle().ok());
  EXPECT_THAT(handler_.TakePerformed(),
              ElementsAre("bob DISABLE_SUSPICIOUS_RULES",
                          "carol DISABLE_SUSPICIOUS_RULES",
                          "dave DISABLE_SUSPICIOUS_RULES"));
}

// Issue 14, metrics: every action the worker ends is counted by kind, the
// dependency it calls, how it ended and its call's error class; each call is
// timed.
TEST_F(OutboxWorkerTest, ActionsAreCountedByKindEndAndErrorClass) {
  metrics::Registry registry;
  OutboxMetrics metrics(&registry, &clock_, outbox_.get());
  worker_->SetMetrics(&metrics);
  handler_.Script("alice DISABLE_ACCOUNT",
                  {Throttled(core::ThrottleScope::kTenant)});
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  Enqueue("t1", "bob", OutboxAction::REVOKE_SESSIONS);
  RunPass();  // alice throttled; bob's call deferred behind the tenant's wait
  clock_.Advance(absl::Minutes(2));
  RunPass();

  const std::string scrape = registry.Scrape();
  const std::string disable =
      "cordon_outbox_actions_total{kind=\"DISABLE_ACCOUNT\","
      "dependency=\"graph\",";
  EXPECT_THAT(
      scrape,
      HasSubstr(disable + "end=\"retry\",error_class=\"THROTTLED\"} 1\n"));
  EXPECT_THAT(
      scrape,
      HasSubstr(disable + "end=\"succeeded\",error_class=\"SUCCESS\"} 1\n"));
  EXPECT_THAT(scrape,
              HasSubstr("cordon_outbox_actions_total{kind=\"REVOKE_SESSIONS\","
                        "dependency=\"graph\",end=\"deferred\","
                        "error_class=\"SUCCESS\"} 1\n"));
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_perform_seconds_count{kind=\""
                                "DISABLE_ACCOUNT\",dependency=\"graph\"} 2\n"));
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_perform_seconds_count{kind=\""
                                "REVOKE_SESSIONS\",dependency=\"graph\"} 1\n"));
}

// Issue 14, metrics: what is due now and how late, read at scrape time.
TEST_F(OutboxWorkerTest, DueActionsAndTheOldestDueAgeAreReadAtScrapeTime) {
  metrics::Registry registry;
  OutboxMetrics metrics(&registry, &clock_, outbox_.get());
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  clock_.Advance(absl::Seconds(30));
  Enqueue("t1", "bob", OutboxAction::DISABLE_ACCOUNT);
  clock_.Advance(absl::Seconds(12));

  std::string scrape = registry.Scrape();
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_due_actions{kind=\""
                                "DISABLE_ACCOUNT\"} 2\n"));
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_due_actions{kind=\""
                                "REVOKE_SESSIONS\"} 0\n"));
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_oldest_due_age_seconds{kind=\""
                                "DISABLE_ACCOUNT\"} 42\n"));
  RunPass();
  scrape = registry.Scrape();
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_due_actions{kind=\""
                                "DISABLE_ACCOUNT\"} 0\n"));
  EXPECT_THAT(scrape, HasSubstr("cordon_outbox_oldest_due_age_seconds{kind=\""
                                "DISABLE_ACCOUNT\"} 0\n"));
}

// Issue 15: a Leadership whose term the test ends (Holds), over an etcd
// store whose leader key the test moves (the fence).
class TestLeadership final : public store::Leadership {
 public:
  void Start(std::function<void(store::LeaderTerm)>,
             std::function<void(store::LeaderTerm)>) override {}
  void Stop() override {}
  bool Holds(store::LeaderTerm term) const override {
    return term.number != 0 && term.number == held_.load();
  }
  void Hold(int64_t term) { held_ = term; }

 private:
  std::atomic<int64_t> held_{0};
};

// The worker of one of several servers sharing a real etcd (one member).
class OutboxWorkerOnEtcdTest : public OutboxWorkerTest {
 protected:
  absl::StatusOr<std::unique_ptr<store::Database>> OpenDatabase() override {
    absl::StatusOr<const process_testing::EtcdCluster*> cluster =
        process_testing::SharedEtcdCluster();
    if (!cluster.ok()) return cluster.status();
    store::EtcdDatabaseOptions options;
    options.client.endpoints = (*cluster)->endpoints();
    options.root = dir_.path() + "/";
    auto db = store::EtcdDatabase::Open(std::move(options));
    if (!db.ok()) return db.status();
    etcd_ = db->get();
    return std::unique_ptr<store::Database>(std::move(*db));
  }
  void SetUp() override {
    OutboxWorkerTest::SetUp();
    worker_->FollowLeadership(&leadership_);
  }
  // Another server is elected: the leader key created anew. Its create
  // revision is the new term.
  int64_t NewTerm() {
    absl::StatusOr<store::LeaderTerm> term =
        process_testing::StartNewLeaderTerm(*etcd_);
    EXPECT_TRUE(term.ok()) << term.status();
    return term.ok() ? term->number : 0;
  }
  void LeadIn(int64_t term) {
    leadership_.Hold(term);
    worker_->Lead(store::LeaderTerm{term});
  }
  // Still queued: due now, and taken by the next pass.
  bool Queued() {
    auto due = outbox_->Due(clock_.Now() + absl::Hours(1), 10);
    return due.ok() && !due->empty();
  }

  // Starts the background loop and returns once it waits with nothing to
  // do (Lead()'s Wake() cuts its first wait short): from then on only a
  // wake-up or a poll starts the next pass.
  void StartAndAwaitIdle() {
    worker_->Start();
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (worker_->idle_waits() < 2 &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::yield();
    }
    ASSERT_GE(worker_->idle_waits(), 2u);
  }
  // Counts the handler's calls from the loop's thread.
  void CountCalls() {
    handler_.DuringCall([this] {
      {
        std::lock_guard<std::mutex> lock(calls_mu_);
        ++calls_;
      }
      called_.notify_all();
    });
  }
  // True once `count` calls were made, false at `bound`.
  bool AwaitCalls(int count, absl::Duration bound) {
    std::unique_lock<std::mutex> lock(calls_mu_);
    return called_.wait_for(lock, absl::ToChronoNanoseconds(bound),
                            [&] { return calls_ >= count; });
  }

  store::EtcdDatabase* etcd_ = nullptr;
  TestLeadership leadership_;
  std::mutex calls_mu_;
  std::condition_variable called_;
  int calls_ = 0;  // guarded by calls_mu_
};

TEST_F(OutboxWorkerOnEtcdTest, Issue15OnlyTheLeaderPerformsAndRecords) {
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  EXPECT_THAT(RunPass(), IsEmpty()) << "another server leads";
  EXPECT_TRUE(Queued());
  LeadIn(NewTerm());
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_ACCOUNT"));
  EXPECT_EQ(handler_.ends().at("alice DISABLE_ACCOUNT").first,
            ActionEnd::kSucceeded);
  EXPECT_FALSE(Queued());
  worker_->StepDown();
  Enqueue("t1", "bob", OutboxAction::DISABLE_ACCOUNT);
  EXPECT_THAT(RunPass(), IsEmpty());
}

// The lead ends before the call: no call is made, and the action waits for
// the next leader.
TEST_F(OutboxWorkerOnEtcdTest, Issue15NoCallOnceTheLeadIsNoLongerHeld) {
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  const int64_t first = NewTerm();
  worker_->Lead(store::LeaderTerm{first});  // Holds() is already false
  EXPECT_THAT(RunPass(), IsEmpty());
  EXPECT_TRUE(Queued());
  EXPECT_THAT(handler_.ends(), IsEmpty());
}

// The lead ends during the call (another server elected): the outcome is
// not recorded; the new leader performs the action again and records it,
// once.
TEST_F(OutboxWorkerOnEtcdTest, Issue15ADeposedLeaderRecordsNothingAfterIt) {
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  LeadIn(NewTerm());
  int64_t second = 0;
  handler_.DuringCall([&] { second = NewTerm(); });
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_ACCOUNT"));
  EXPECT_THAT(handler_.ends(), IsEmpty()) << "recorded after the lead ended";
  EXPECT_TRUE(Queued());

  handler_.DuringCall(nullptr);
  LeadIn(second);
  EXPECT_THAT(RunPass(), ElementsAre("alice DISABLE_ACCOUNT"));
  EXPECT_EQ(handler_.ends().at("alice DISABLE_ACCOUNT").first,
            ActionEnd::kSucceeded);
  EXPECT_FALSE(Queued());
}

// The leader's background loop wakes when another server queues an action:
// the outbox's changes reach it through the store's feed (an etcd Watch),
// well before its safety poll (kFollowedIdlePoll) would look.
TEST_F(OutboxWorkerOnEtcdTest, Issue15TheLeaderWakesWhenAnotherServerQueues) {
  store::EtcdDatabase* const own = etcd_;
  absl::StatusOr<std::unique_ptr<store::Database>> other = OpenDatabase();
  ASSERT_TRUE(other.ok()) << other.status();
  etcd_ = own;
  Outbox other_outbox(other->get());
  CountCalls();
  LeadIn(NewTerm());
  ASSERT_NO_FATAL_FAILURE(StartAndAwaitIdle());
  OutboxAction action;
  action.set_kind(OutboxAction::DISABLE_ACCOUNT);
  action.set_tenant_id("t1");
  action.set_upn("bob");
  std::unique_ptr<store::Transaction> txn = (*other)->Begin();
  ASSERT_TRUE(other_outbox.Enqueue(*txn, action, clock_.Now()).ok());
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_TRUE(AwaitCalls(1, OutboxWorker::kFollowedIdlePoll / 2))
      << "not woken by the other server's commit";
  worker_->Stop();
}

// This server's term, not confirmed for a moment (a renewal late): a
// pass abandons what is due. Once the renewal confirms it, nothing wakes
// the loop; it looks again after the short idle poll, not the long one.
TEST_F(OutboxWorkerOnEtcdTest,
       Issue15ALeadConfirmedLateActsWithinTheShortPoll) {
  Enqueue("t1", "alice", OutboxAction::DISABLE_ACCOUNT);
  CountCalls();
  const int64_t term = NewTerm();
  worker_->Lead(store::LeaderTerm{term});  // Holds() is false yet
  ASSERT_NO_FATAL_FAILURE(StartAndAwaitIdle());
  leadership_.Hold(term);  // the renewal came: no Wake()
  EXPECT_TRUE(AwaitCalls(1, OutboxWorker::kFollowedIdlePoll / 2));
  worker_->Stop();
}

TEST(OutboxMetricsTest, EachKindNamesTheDependencyItCalls) {
  EXPECT_EQ(DependencyOf(OutboxAction::REVOKE_SESSIONS), "graph");
  EXPECT_EQ(DependencyOf(OutboxAction::AGENT_DISABLE_ACCOUNT), "agent");
  EXPECT_EQ(DependencyOf(OutboxAction::NOTIFY_PSA), "psa");
  EXPECT_EQ(DependencyOf(OutboxAction::DELIVER_REPORT_BY_EMAIL), "email");
  EXPECT_EQ(DependencyOf(OutboxAction::ESCALATION_NOTICE_DUE), "none");
}

}  // namespace outbox_worker_test
}  // namespace cordon::engine
