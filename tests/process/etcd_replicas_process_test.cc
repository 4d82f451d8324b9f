// Issue 15, replicas: three real cordon-server replicas on a real
// three-member etcd cluster, isolating identities in cordon-sim --serve's
// tenant. Calls go through every replica; exactly one runs the outbox
// worker. The worker's leader is killed with SIGKILL right after a report
// is sent: another replica is elected within the lease TTL and finishes
// the isolation, and the tenant's request log shows no effect repeated
// after the report showed it done. And while the cluster loses members:
// with one lost, writes through the replicas go on; with two, a write is
// refused UNAVAILABLE saying the storage is; with both back, every
// acknowledged write reads back through every replica and the isolation
// sent meanwhile finishes. Every wait is bounded.

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tests/process/etcd_cluster.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {
namespace etcd_replicas_process_test {

using nlohmann::json;
using Kind = v1::ResponseAction::Kind;

constexpr int kReplicas = 3;
constexpr int kUsers = 2;
constexpr int kLeaseSeconds = 2;
constexpr auto kConverge = std::chrono::seconds(40);
constexpr char kElected[] = "\"event\":\"leader_elected\"";

class EtcdReplicasProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = EtcdCluster::Start(dir_.path() + "/etcd", 3);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    TenantOptions options;
    options.users = kUsers;
    // Slow enough answers that the kill lands mid-isolation.
    options.faults = "latency_min: \"20ms\" latency_max: \"80ms\"";
    tenant_ = std::make_unique<ServedTenant>(dir_.path(), options);
    ASSERT_EQ(tenant_->error(), "");
    // One after another: the first writes the bootstrap key, which the
    // operator hands to the others.
    for (int i = 0; i < kReplicas; ++i) {
      const std::string data = absl::StrCat(dir_.path(), "/replica", i);
      if (i > 0) {
        std::filesystem::create_directory(data);
        std::filesystem::copy_file(dir_.path() + "/replica0/bootstrap.key",
                                   data + "/bootstrap.key");
      }
      replicas_.push_back(std::make_unique<CordonServer>(data, Flags()));
      ASSERT_EQ(replicas_.back()->Start(), "") << "replica " << i;
    }
  }

  std::vector<std::string> Flags() const {
    std::vector<std::string> flags = tenant_->ServerFlags();
    flags.push_back("--store=etcd");
    flags.push_back("--etcd_endpoints=" +
                    absl::StrJoin(cluster_->endpoints(), ","));
    flags.push_back("--secrets_key_file=" + dir_.path() + "/secrets.key");
    flags.push_back(absl::StrCat("--leader_lease_ttl=", kLeaseSeconds));
    return flags;
  }

  CordonApi Api(int replica) {
    return CordonApi(replicas_[replica]->port(), replicas_[replica]->key());
  }

  // The replicas (not in `dead`) whose log says they were elected, read
  // until one is or `deadline`.
  std::vector<int> Elected(const std::vector<int>& dead,
                           Steady::time_point deadline) {
    while (true) {
      std::vector<int> elected;
      for (int i = 0; i < kReplicas; ++i) {
        if (std::find(dead.begin(), dead.end(), i) != dead.end()) continue;
        replicas_[i]->Wait(Steady::now() + std::chrono::milliseconds(20));
        if (replicas_[i]->log().find(kElected) != std::string::npos) {
          elected.push_back(i);
        }
      }
      if (!elected.empty() || Steady::now() >= deadline) return elected;
    }
  }

  // Marks each action of `report` seen SUCCEEDED with the request log's
  // length now: no later entry may repeat its effect.
  void MarkDone(CordonApi& api, const std::string& report, int user) {
    const auto read = api.Report(report);
    ASSERT_TRUE(read.has_value()) << api.error();
    const size_t length = tenant_->Requests().size();
    for (const v1::ResponseAction& action : read->response_actions()) {
      if (action.outcome() == v1::ResponseAction::SUCCEEDED) {
        marks_.emplace(std::make_pair(ServedTenant::Upn(user), action.kind()),
                       length);
      }
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<EtcdCluster> cluster_;
  std::unique_ptr<ServedTenant> tenant_;
  std::vector<std::unique_ptr<CordonServer>> replicas_;
  DoneMarks marks_;
};

TEST_F(EtcdReplicasProcessTest,
       Issue15TheLeaderKilledMidIsolationAnotherFinishesNothingRepeated) {
  const std::vector<int> leaders =
      Elected({}, Steady::now() + std::chrono::seconds(10));
  ASSERT_EQ(leaders.size(), 1u) << "exactly one replica leads";
  const int leader = leaders[0];
  const int a = (leader + 1) % kReplicas, b = (leader + 2) % kReplicas;

  // Set up through one replica, send through another, resolve through the
  // third: one state.
  CordonApi via_a = Api(a), via_b = Api(b), via_leader = Api(leader);
  Walkthrough walk;
  ASSERT_EQ(SetUpWalkthrough(via_a, *tenant_, kUsers, &walk), "");
  const std::string first =
      via_b.SendReport(walk.organization, walk.identities[0]);
  ASSERT_NE(first, "") << via_b.error();
  auto done = WaitForActions(*replicas_[a], first, IsolationKinds(),
                             Steady::now() + kConverge);
  ASSERT_TRUE(done && ActionsSucceeded(*done, IsolationKinds()))
      << (done ? done->DebugString() : "no report") << replicas_[leader]->log();
  ASSERT_NO_FATAL_FAILURE(MarkDone(via_a, first, 0));

  // The second report, and the leader killed while it isolates.
  const std::string second =
      via_a.SendReport(walk.organization, walk.identities[1]);
  ASSERT_NE(second, "") << via_a.error();
  replicas_[leader]->Wait(Steady::now() + std::chrono::milliseconds(30));
  const auto killed = Steady::now();
  replicas_[leader]->Kill();
  const auto at_kill = via_a.Report(second);
  ASSERT_TRUE(at_kill.has_value()) << via_a.error();
  const bool mid_isolation = !ActionsSucceeded(*at_kill, IsolationKinds());
  const std::vector<int> next =
      Elected({leader}, killed + std::chrono::seconds(kLeaseSeconds + 5));
  ASSERT_EQ(next.size(), 1u) << "no replica took over";
  const auto failover = Steady::now() - killed;
  EXPECT_LE(failover, std::chrono::seconds(kLeaseSeconds) +
                          std::chrono::milliseconds(1500))
      << "took over after the lease TTL and a renewal period";

  done = WaitForActions(*replicas_[next[0]], second, IsolationKinds(),
                        Steady::now() + kConverge);
  ASSERT_TRUE(done && ActionsSucceeded(*done, IsolationKinds()))
      << (done ? done->DebugString() : "no report")
      << replicas_[next[0]]->log();
  ASSERT_NO_FATAL_FAILURE(MarkDone(via_b, second, 1));
  const int survivor = next[0] == a ? b : a;
  EXPECT_TRUE(Api(survivor).Resolve(first)) << "resolve through a follower";

  EXPECT_TRUE(mid_isolation) << "the kill came after the isolation ended";
  const json requests = tenant_->Requests();
  ASSERT_TRUE(requests.is_array()) << "cannot read the request log";
  EXPECT_EQ(RepeatsAfterDone(requests, marks_), std::vector<std::string>{});
  std::printf(
      "failover after SIGKILL: %lld ms\n",
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(failover)
              .count()));
}

// Calls `write` (a create through a replica: "" when refused) until it
// answers or `bound` passes: a client retries the UNAVAILABLE an etcd
// leader change may cause.
std::string WithinBound(const std::function<std::string()>& write,
                        Steady::duration bound) {
  const auto until = Steady::now() + bound;
  std::string created;
  while ((created = write()).empty() && Steady::now() < until) {
  }
  return created;
}

TEST_F(EtcdReplicasProcessTest,
       Issue15EtcdMembersLostWritesGoOnThenRefusedThenConverge) {
  CordonApi via0 = Api(0), via1 = Api(1), via2 = Api(2);
  Walkthrough walk;
  ASSERT_EQ(SetUpWalkthrough(via0, *tenant_, kUsers, &walk), "");
  // A sign-in through one replica, its escalation read through another.
  ASSERT_TRUE(via1.RecordSignIn(walk.identities[1], "sign-in-1", "KP"))
      << via1.error();
  const auto escalations = via2.Escalations(walk.account);
  ASSERT_TRUE(escalations.has_value()) << via2.error();
  ASSERT_EQ(escalations->size(), 1u);
  EXPECT_EQ(escalations->front().type(), v1::LOGIN_UNEXPECTED_COUNTRY);

  // One member lost: writes through the replicas go on, and an isolation
  // is sent.
  std::vector<std::string> acknowledged;
  cluster_->Kill(0);
  acknowledged.push_back(WithinBound([&] { return via1.CreateAccount(); },
                                     std::chrono::seconds(15)));
  ASSERT_NE(acknowledged.back(), "") << via1.error();
  const std::string report = WithinBound(
      [&] { return via2.SendReport(walk.organization, walk.identities[0]); },
      std::chrono::seconds(15));
  ASSERT_NE(report, "") << via2.error();

  // Two lost: no quorum, so a write is refused, saying why.
  cluster_->Kill(1);
  EXPECT_EQ(via0.CreateAccount(), "");
  EXPECT_EQ(via0.last_code(), grpc::StatusCode::UNAVAILABLE) << via0.error();
  EXPECT_NE(via0.error().find("storage"), std::string::npos) << via0.error();

  // Both back: every acknowledged write reads back through every replica,
  // and the isolation sent meanwhile finishes.
  ASSERT_TRUE(cluster_->Restart(0).ok()) << cluster_->output(0);
  ASSERT_TRUE(cluster_->Restart(1).ok()) << cluster_->output(1);
  acknowledged.push_back(WithinBound([&] { return via2.CreateAccount(); },
                                     std::chrono::seconds(20)));
  ASSERT_NE(acknowledged.back(), "") << via2.error();
  for (CordonApi* api : {&via0, &via1, &via2}) {
    for (const std::string& account : acknowledged) {
      EXPECT_TRUE(api->AccountExists(account)) << api->error();
    }
  }
  const auto done = WaitForActions(*replicas_[0], report, IsolationKinds(),
                                   Steady::now() + kConverge);
  EXPECT_TRUE(done && ActionsSucceeded(*done, IsolationKinds()))
      << (done ? done->DebugString() : "no report");
}

}  // namespace etcd_replicas_process_test
}  // namespace cordon::process_testing
