// Issue 15: EtcdWatch on a real three-member etcd. It delivers every change
// in its range once, in order, and nothing outside it; it replays from a
// given revision; when the member it follows dies it goes on from another
// without losing a change; and it stops at once, even with no cluster left.
// Every wait is bounded.

#include "server/store/etcd/etcd_watch.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "server/store/etcd/etcd_client.h"
#include "server/store/etcd/etcd_compare.h"
#include "server/store/etcd/etcd_keyspace.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"

namespace cordon::store {
namespace etcd_watch_test {

constexpr auto kBound = std::chrono::seconds(10);

// What a watch delivered, waited on with a bound.
class Changes {
 public:
  EtcdWatch::OnChange Collect() {
    return [this](const std::vector<mvccpb::Event>& events) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (events.empty()) ++resyncs_;
        for (const mvccpb::Event& event : events) {
          keys_.push_back(event.kv().key());
        }
      }
      changed_.notify_all();
    };
  }
  // The keys changed so far, once there are `count` (fewer at the bound).
  std::vector<std::string> WaitFor(size_t count) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait_for(lock, kBound, [&] { return keys_.size() >= count; });
    return keys_;
  }
  int resyncs() {
    std::lock_guard<std::mutex> lock(mu_);
    return resyncs_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::string> keys_;
  int resyncs_ = 0;
};

bool WaitLive(const EtcdWatch& watch) {
  const auto until = std::chrono::steady_clock::now() + kBound;
  while (!watch.live() && std::chrono::steady_clock::now() < until) {
    std::this_thread::yield();
  }
  return watch.live();
}

class EtcdWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = process_testing::EtcdCluster::Start(dir_.path(), 3);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    EtcdClientOptions options;
    options.endpoints = cluster_->endpoints();
    options.call_timeout = std::chrono::milliseconds(2000);
    client_ = std::make_unique<EtcdClient>(options);
  }

  // Creates `key`, again and again while the cluster elects a leader after
  // a kill (bounded); the revision etcd gave it. Create-only, so a write
  // that landed although its answer was lost is not made twice.
  int64_t Create(const std::string& key) {
    etcdserverpb::TxnRequest txn;
    RequireCreateRevision(key, 0, &txn);
    etcdserverpb::PutRequest* put = txn.add_success()->mutable_request_put();
    put->set_key(key);
    put->set_value("v");
    const auto until = std::chrono::steady_clock::now() + kBound;
    absl::StatusOr<etcdserverpb::TxnResponse> response;
    do {
      response = client_->Txn(txn);
    } while (!response.ok() && std::chrono::steady_clock::now() < until);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? response->header().revision() : 0;
  }

  std::unique_ptr<EtcdWatch> WatchPrefix(const std::string& prefix,
                                         Changes& changes,
                                         int64_t from_revision = 0) {
    return std::make_unique<EtcdWatch>(client_.get(), prefix,
                                       EtcdKeyspace::PrefixEnd(prefix),
                                       from_revision, changes.Collect());
  }

  testing::TempDir dir_;
  std::unique_ptr<process_testing::EtcdCluster> cluster_;
  std::unique_ptr<EtcdClient> client_;
};

TEST_F(EtcdWatchTest, DeliversEachChangeInItsRangeInOrderAndNothingElse) {
  Changes changes;
  auto watch = WatchPrefix("w/in/", changes);
  ASSERT_TRUE(WaitLive(*watch));
  Create("w/in/1");
  Create("w/out/1");
  Create("w/in/2");
  Create("w/im");  // sorts past the range's end
  Create("w/in/3");
  EXPECT_EQ(changes.WaitFor(3),
            (std::vector<std::string>{"w/in/1", "w/in/2", "w/in/3"}));
  Create("w/in/4");
  EXPECT_EQ(changes.WaitFor(4).size(), 4u);
}

TEST_F(EtcdWatchTest, ReplaysFromTheRevisionItIsGiven) {
  const int64_t first = Create("r/a");
  Create("r/b");
  Changes changes;
  auto watch = WatchPrefix("r/", changes, first);
  EXPECT_EQ(changes.WaitFor(2), (std::vector<std::string>{"r/a", "r/b"}));
}

TEST_F(EtcdWatchTest, GoesOnFromAnotherMemberWithoutLosingAChange) {
  Changes changes;
  auto watch = WatchPrefix("k/", changes);
  ASSERT_TRUE(WaitLive(*watch));
  Create("k/before");
  ASSERT_EQ(changes.WaitFor(1).size(), 1u);
  // The watch's stream is on the member the client used last: it dies.
  const std::vector<std::string> endpoints = cluster_->endpoints();
  const int followed =
      static_cast<int>(std::find(endpoints.begin(), endpoints.end(),
                                 client_->current_endpoint()) -
                       endpoints.begin());
  ASSERT_LT(followed, 3);
  cluster_->Kill(followed);
  Create("k/while_down");
  ASSERT_TRUE(cluster_->Restart(followed).ok());
  Create("k/after");
  EXPECT_EQ(changes.WaitFor(3),
            (std::vector<std::string>{"k/before", "k/while_down", "k/after"}));
  EXPECT_EQ(changes.resyncs(), 0);
}

// Asked for revisions etcd has compacted away, the watch tells its owner
// to read again (no events), goes live from the oldest revision etcd
// keeps, and delivers what follows.
TEST_F(EtcdWatchTest, AfterACompactionItSaysReadAgainAndGoesOn) {
  const int64_t first = Create("c/1");
  const int64_t second = Create("c/2");
  auto kv = etcdserverpb::KV::NewStub(grpc::CreateChannel(
      cluster_->endpoints()[0], grpc::InsecureChannelCredentials()));
  etcdserverpb::CompactionRequest compact;
  compact.set_revision(second);
  compact.set_physical(true);
  etcdserverpb::CompactionResponse compacted;
  grpc::ClientContext context;
  ASSERT_TRUE(kv->Compact(&context, compact, &compacted).ok());

  Changes changes;
  auto watch = WatchPrefix("c/", changes, first);
  ASSERT_TRUE(WaitLive(*watch));
  Create("c/3");
  const std::vector<std::string> keys = changes.WaitFor(2);
  EXPECT_EQ(changes.resyncs(), 1);
  EXPECT_EQ(keys, (std::vector<std::string>{"c/2", "c/3"}));
}

TEST_F(EtcdWatchTest, StopsAtOnceEvenWithNoClusterLeft) {
  Changes changes;
  auto watch = WatchPrefix("s/", changes);
  ASSERT_TRUE(WaitLive(*watch));
  for (int member = 0; member < 3; ++member) cluster_->Kill(member);
  const auto start = std::chrono::steady_clock::now();
  watch.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

}  // namespace etcd_watch_test
}  // namespace cordon::store
