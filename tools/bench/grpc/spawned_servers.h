#ifndef CORDON_TOOLS_BENCH_GRPC_SPAWNED_SERVERS_H_
#define CORDON_TOOLS_BENCH_GRPC_SPAWNED_SERVERS_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "testing/temp_dir.h"
#include "tests/process/child_process.h"
#include "tests/process/etcd_cluster.h"
#include "tests/process/served_cordon.h"

namespace cordon::bench::grpc_load {

struct SpawnOptions {
  bool cordon = false;
  bool baseline = false;
  // > 0: also cordon-sim --serve with a tenant of this many users
  // (ServedTenant::Upn), and cordon-server pointed at it.
  int tenant_users = 0;
  // > 0: this many cordon-server replicas on a three-member etcd cluster
  // started here (issue 15), one after another, instead of one server on
  // RocksDB.
  int etcd_replicas = 0;
};

// The servers `cordon-bench grpc` starts itself, on 127.0.0.1 port 0 with
// their data in one new directory under $TMPDIR (removed at the end): the
// build tree's cordon-server (synced writes, as shipped; the per-key rate
// limit off, --rate_limit_per_key=0, or it would measure the limiter) and
// cordon-bench-baseline. They die with this object, or with the process.
class SpawnedServers {
 public:
  static absl::StatusOr<std::unique_ptr<SpawnedServers>> Start(
      const SpawnOptions& options);
  ~SpawnedServers();
  SpawnedServers(const SpawnedServers&) = delete;
  SpawnedServers& operator=(const SpawnedServers&) = delete;

  // The first cordon-server's port; every replica's.
  int cordon_port() const { return cordons_.front()->port(); }
  std::vector<int> cordon_ports() const;
  // The bootstrap key cordon-server wrote on its first start.
  const std::string& cordon_key() const { return cordons_.front()->key(); }
  int baseline_port() const { return baseline_port_; }
  // Null without SpawnOptions::tenant_users.
  process_testing::ServedTenant* tenant() { return tenant_.get(); }

 private:
  SpawnedServers() = default;
  absl::Status StartCordons(const SpawnOptions& options,
                            std::vector<std::string> flags);
  absl::Status StartBaseline();
  // Reads the servers' output while the load runs: a server that logs
  // must never block on a full pipe.
  void Drain();

  testing::TempDir dir_;
  std::unique_ptr<process_testing::ServedTenant> tenant_;
  std::unique_ptr<process_testing::EtcdCluster> etcd_;
  std::vector<std::unique_ptr<process_testing::CordonServer>> cordons_;
  std::unique_ptr<process_testing::ChildProcess> baseline_;
  int baseline_port_ = 0;
  std::atomic<bool> stop_draining_{false};
  std::thread drainer_;
};

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_SPAWNED_SERVERS_H_
