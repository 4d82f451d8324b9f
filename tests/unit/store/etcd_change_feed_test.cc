// Issue 15: what one replica learns of another's commits on a real etcd,
// without polling. A feed on a family (Database::FollowChanges) fires on
// another replica's commit to that family, with the row's key; a replica's
// event head and listener follow the other replicas' events (so its event
// streams wake). Every wait is bounded.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/transaction.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::store {
namespace etcd_change_feed_test {

constexpr auto kBound = std::chrono::seconds(10);

// Counts calls, waited on with a bound.
class Calls {
 public:
  // One call, with the row keys it was told of.
  void Note(const std::vector<std::string>& keys = {}) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++count_;
      keys_.insert(keys_.end(), keys.begin(), keys.end());
    }
    changed_.notify_all();
  }
  std::vector<std::string> keys() {
    std::lock_guard<std::mutex> lock(mu_);
    return keys_;
  }
  // True once there were more than `seen` calls (false at the bound).
  bool WaitPast(int seen) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, kBound, [&] { return count_ > seen; });
  }
  int count() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int count_ = 0;
  std::vector<std::string> keys_;
};

class EtcdChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = process_testing::EtcdCluster::Start(dir_.path(), 1);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    here_ = Open();
    there_ = Open();
    ASSERT_NE(here_, nullptr);
    ASSERT_NE(there_, nullptr);
  }
  std::unique_ptr<EtcdDatabase> Open() {
    EtcdDatabaseOptions options;
    options.client.endpoints = cluster_->endpoints();
    auto db = EtcdDatabase::Open(std::move(options));
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }
  // One row written on the other replica, with an event when asked.
  void CommitThere(Family family, const std::string& key, bool event) {
    std::unique_ptr<Transaction> txn = there_->Begin();
    txn->PutRaw(family, key, "v");
    if (event) txn->AppendEvent({.account = 1, .value = key});
    ASSERT_TRUE(txn->Commit().ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<process_testing::EtcdCluster> cluster_;
  std::unique_ptr<EtcdDatabase> here_;
  std::unique_ptr<EtcdDatabase> there_;
};

TEST_F(EtcdChangeFeedTest, AFeedFiresOnAnotherReplicasCommitToItsFamily) {
  Calls calls;
  std::unique_ptr<ChangeFeed> feed = here_->FollowChanges(
      Family::kOutbox,
      [&calls](const std::vector<std::string>& rows) { calls.Note(rows); });
  ASSERT_NE(feed, nullptr);
  // A commit to another family is no outbox change; one right after the
  // feed was made is seen, however late its stream opens.
  CommitThere(Family::kMeta, "elsewhere", false);
  const int seen = calls.count();
  CommitThere(Family::kOutbox, "queued", false);
  EXPECT_TRUE(calls.WaitPast(seen));
  EXPECT_EQ(seen, 0) << "fired on another family's commit";
  EXPECT_EQ(calls.keys(), std::vector<std::string>{"queued"});
}

TEST_F(EtcdChangeFeedTest, EventHeadAndListenerFollowAnotherReplicasEvents) {
  Calls woken;
  here_->SetEventListener([&woken](int64_t) { woken.Note(); });
  const int64_t head = here_->EventHead();
  CommitThere(Family::kMeta, "with-event", true);
  ASSERT_TRUE(woken.WaitPast(0)) << "the listener was not called";
  EXPECT_GT(here_->EventHead(), head);
  EXPECT_EQ(here_->EventHead(), there_->EventHead());
  // A read of the store: at once, whether or not the Watch told it yet.
  CommitThere(Family::kMeta, "another-event", true);
  EXPECT_EQ(here_->ConfirmedEventHead(), there_->EventHead());
}

}  // namespace etcd_change_feed_test
}  // namespace cordon::store
