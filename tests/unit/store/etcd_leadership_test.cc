// Issue 15: the worker's election on a real one-member etcd. Exactly one
// of two servers leads; a leader that stops hands over at once (the others
// watch its key); a leader whose key is gone is deposed, and what it commits
// fenced with its old term is refused. Every wait is bounded.

#include "server/store/etcd/etcd_leadership.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/etcd/etcd_database.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::store {
namespace etcd_leadership_test {

using Steady = std::chrono::steady_clock;
constexpr auto kBound = std::chrono::seconds(10);

// What one server's Leadership told it, waited on with a bound.
class Recorder {
 public:
  void Start(Leadership& leadership) {
    leadership.Start([this](LeaderTerm term) { Note(term.number); },
                     [this](LeaderTerm term) { Note(-term.number); });
  }
  // The term this server leads in, once elected (0 at `bound`).
  int64_t WaitElected(Steady::duration bound = kBound) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait_for(lock, bound, [&] { return leading() != 0; });
    return leading();
  }
  // True once it was deposed from `term` (false at the bound).
  bool WaitDeposed(int64_t term) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, kBound, [&] {
      return std::find(changes_.begin(), changes_.end(), -term) !=
             changes_.end();
    });
  }
  int64_t Leading() {
    std::lock_guard<std::mutex> lock(mu_);
    return leading();
  }

 private:
  void Note(int64_t change) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      changes_.push_back(change);
    }
    changed_.notify_all();
  }
  int64_t leading() const {
    return !changes_.empty() && changes_.back() > 0 ? changes_.back() : 0;
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<int64_t> changes_;  // +term elected, -term deposed
};

class EtcdLeadershipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = process_testing::EtcdCluster::Start(dir_.path(), 1);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    EtcdDatabaseOptions options;
    options.client.endpoints = cluster_->endpoints();
    auto db = EtcdDatabase::Open(std::move(options));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  std::unique_ptr<EtcdLeadership> NewServer(
      const std::string& name,
      std::chrono::seconds ttl = std::chrono::seconds(2)) {
    return std::make_unique<EtcdLeadership>(db_.get(),
                                            EtcdLeadershipOptions{ttl, name});
  }

  // Starts the only server campaigning; the term it is elected in.
  static int64_t StartAlone(EtcdLeadership& server, Recorder& on) {
    on.Start(server);
    return on.WaitElected();
  }

  absl::Status FencedWrite(LeaderTerm term) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->FenceWith(term);
    txn->PutRaw(Family::kUsers, "outcome", "recorded");
    return txn->Commit();
  }

  testing::TempDir dir_;
  std::unique_ptr<process_testing::EtcdCluster> cluster_;
  std::unique_ptr<EtcdDatabase> db_;
};

TEST_F(EtcdLeadershipTest, Issue15OneOfTwoLeadsAndAStoppedLeaderHandsOver) {
  // A long TTL, so that a handover through the Watch and one at the
  // next periodic campaign (every 2 s) tell apart.
  constexpr std::chrono::seconds kTtl(6);
  std::unique_ptr<EtcdLeadership> a = NewServer("a", kTtl);
  std::unique_ptr<EtcdLeadership> b = NewServer("b", kTtl);
  Recorder on_a, on_b;
  on_a.Start(*a);
  const int64_t first = on_a.WaitElected();
  ASSERT_NE(first, 0);
  on_b.Start(*b);
  EXPECT_TRUE(a->Holds(LeaderTerm{first}));
  // b campaigns at once, and loses.
  EXPECT_EQ(on_b.WaitElected(std::chrono::seconds(1)), 0);
  EXPECT_TRUE(FencedWrite(LeaderTerm{first}).ok());

  const auto stopped = Steady::now();
  a->Stop();
  EXPECT_EQ(on_a.Leading(), 0);
  EXPECT_FALSE(a->Holds(LeaderTerm{first}));
  const int64_t second = on_b.WaitElected();
  ASSERT_GT(second, first);
  // Handed over, not expired, and at once: b's Watch saw the key go, well
  // before its next periodic campaign would have.
  EXPECT_LT(Steady::now() - stopped, std::chrono::milliseconds(1000));
  EXPECT_TRUE(IsLeadershipLost(FencedWrite(LeaderTerm{first})));
  EXPECT_TRUE(FencedWrite(LeaderTerm{second}).ok());
  b->Stop();
}

TEST_F(EtcdLeadershipTest, Issue15ALeaderWhoseKeyIsGoneIsDeposedAndFenced) {
  std::unique_ptr<EtcdLeadership> a = NewServer("a");
  Recorder on_a;
  const int64_t first = StartAlone(*a, on_a);
  ASSERT_NE(first, 0);
  // As when the lease expired behind a paused leader's back.
  etcdserverpb::TxnRequest remove;
  remove.add_success()->mutable_request_delete_range()->set_key(
      db_->leader_key());
  ASSERT_TRUE(db_->client().Txn(remove).ok());
  EXPECT_TRUE(IsLeadershipLost(FencedWrite(LeaderTerm{first})));
  ASSERT_TRUE(on_a.WaitDeposed(first));
  EXPECT_FALSE(a->Holds(LeaderTerm{first}));
  // It campaigns again and leads in a new term.
  const int64_t again = on_a.WaitElected();
  EXPECT_GT(again, first);
  a->Stop();
}

// A leader cut off from the cluster (its member frozen: no answer, no
// closed connection) stops holding its term by its own clock, within the
// TTL of its last renewal, so before etcd could expire the lease and let
// another server lead.
TEST_F(EtcdLeadershipTest, Issue15ALeaderCutOffStopsHoldingWithinTheTtl) {
  std::unique_ptr<EtcdLeadership> a = NewServer("a");
  Recorder on_a;
  const int64_t first = StartAlone(*a, on_a);
  ASSERT_NE(first, 0);
  cluster_->Pause(0);
  const auto paused = Steady::now();
  const bool deposed = on_a.WaitDeposed(first);
  const auto after = Steady::now() - paused;
  const bool held = a->Holds(LeaderTerm{first});
  cluster_->Resume(0);
  ASSERT_TRUE(deposed);
  EXPECT_FALSE(held);
  // Holds ran out at the deadline (the last renewal's send time + 2 s -
  // 0.5 s); the thread notices at its next check, at most one period
  // (667 ms) and two bounded calls (333 ms each) later.
  EXPECT_LT(after, std::chrono::milliseconds(3000));
  a->Stop();
}

}  // namespace etcd_leadership_test
}  // namespace cordon::store
