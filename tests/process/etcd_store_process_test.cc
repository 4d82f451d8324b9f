// Issue 15, the etcd store on a real three-member cluster on loopback: with
// one member killed writes go on; with two, a write answers UNAVAILABLE
// (STORAGE_UNAVAILABLE, saying whether it may have been stored) instead of
// hanging; once they are back every acknowledged write is there and writes
// go on. Bounded: each wait has a deadline.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/keys.h"
#include "server/store/storage_fault.h"
#include "server/store/transaction.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::store {
namespace etcd_store_process_test {

using process_testing::EtcdCluster;
using process_testing::Steady;

class EtcdStoreProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = EtcdCluster::Start(dir_.path(), 3);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    EtcdDatabaseOptions options;
    options.client.endpoints = cluster_->endpoints();
    options.client.call_timeout = std::chrono::seconds(2);
    auto db = EtcdDatabase::Open(std::move(options));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  absl::Status Write(const std::string& key) {
    std::unique_ptr<Transaction> txn = db_->Begin();
    txn->PutRaw(Family::kUsers, key, "v");
    txn->AppendEvent({.account = 1, .value = key});
    return txn->Commit();
  }

  // Writes `key` until one attempt succeeds (an election after a kill takes
  // a moment) or `bound` passes; every failure must be a storage fault.
  bool WriteWithin(const std::string& key, std::chrono::seconds bound) {
    for (auto deadline = Steady::now() + bound; Steady::now() < deadline;) {
      const absl::Status status = Write(key);
      if (status.ok()) return true;
      EXPECT_TRUE(IsStorageFault(status)) << status;
    }
    return false;
  }

  testing::TempDir dir_;
  std::unique_ptr<EtcdCluster> cluster_;
  std::unique_ptr<EtcdDatabase> db_;
};

TEST_F(EtcdStoreProcessTest,
       Issue15OneMemberLostWritesGoOnTwoLostRefusedBackAgainNothingLost) {
  std::vector<std::string> acknowledged;
  ASSERT_TRUE(WriteWithin("before", std::chrono::seconds(10)));
  acknowledged.push_back("before");

  // The member the client talks to first goes: it moves on.
  cluster_->Kill(0);
  ASSERT_TRUE(WriteWithin("one-lost", std::chrono::seconds(15)));
  acknowledged.push_back("one-lost");

  // No quorum: refused within the call bound, never acknowledged.
  cluster_->Kill(1);
  const auto started = Steady::now();
  const absl::Status refused = Write("no-quorum");
  EXPECT_TRUE(IsStorageFault(refused)) << refused;
  EXPECT_LT(Steady::now() - started, std::chrono::seconds(10));
  EXPECT_FALSE(db_->Get(Family::kUsers, "one-lost").ok())
      << "a linearizable read needs a quorum too";

  ASSERT_TRUE(cluster_->Restart(0).ok()) << cluster_->output(0);
  ASSERT_TRUE(cluster_->Restart(1).ok()) << cluster_->output(1);
  ASSERT_TRUE(WriteWithin("after", std::chrono::seconds(15)));
  acknowledged.push_back("after");
  for (const std::string& key : acknowledged) {
    EXPECT_TRUE(db_->Get(Family::kUsers, key).ok()) << key;
  }
  // The event log kept its order through it all: one cursor per commit,
  // the last at the head.
  absl::StatusOr<std::string> last = db_->Get(
      Family::kEvents, KeyOf({static_cast<uint64_t>(db_->EventHead())}));
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(*last, "after");
}

}  // namespace etcd_store_process_test
}  // namespace cordon::store
