#include "tools/bench/grpc/spawned_servers.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

#ifndef CORDON_BASELINE_BIN
#error "CORDON_BASELINE_BIN must name the cordon-bench-baseline binary"
#endif

namespace cordon::bench::grpc_load {

absl::StatusOr<std::unique_ptr<SpawnedServers>> SpawnedServers::Start(
    const SpawnOptions& options) {
  std::unique_ptr<SpawnedServers> servers(new SpawnedServers());
  if (servers->dir_.path().empty()) {
    return absl::InternalError("cannot make a directory under $TMPDIR");
  }
  std::vector<std::string> flags = {"--rate_limit_per_key=0"};
  if (options.tenant_users > 0) {
    process_testing::TenantOptions tenant;
    tenant.users = options.tenant_users;
    // cordon-server's connections must not wait for a thread of the
    // simulator's (its default of 8 did: 5 s stalls at 4 isolations in
    // flight; docs/simulator.md, --serve_threads).
    tenant.threads = 64;
    servers->tenant_ = std::make_unique<process_testing::ServedTenant>(
        servers->dir_.path(), tenant);
    if (!servers->tenant_->error().empty()) {
      return absl::UnavailableError(servers->tenant_->error());
    }
    const std::vector<std::string>& graph = servers->tenant_->ServerFlags();
    flags.insert(flags.end(), graph.begin(), graph.end());
  }
  if (options.cordon) {
    if (absl::Status s = servers->StartCordons(options, std::move(flags));
        !s.ok()) {
      return s;
    }
  }
  if (options.baseline) {
    if (absl::Status s = servers->StartBaseline(); !s.ok()) return s;
  }
  servers->drainer_ = std::thread([raw = servers.get()] { raw->Drain(); });
  return servers;
}

absl::Status SpawnedServers::StartCordons(const SpawnOptions& options,
                                          std::vector<std::string> flags) {
  const int count = std::max(1, options.etcd_replicas);
  if (options.etcd_replicas > 0) {
    auto cluster =
        process_testing::EtcdCluster::Start(dir_.path() + "/etcd", 3);
    if (!cluster.ok()) return cluster.status();
    etcd_ = std::move(*cluster);
    flags.push_back("--store=etcd");
    flags.push_back("--etcd_endpoints=" +
                    absl::StrJoin(etcd_->endpoints(), ","));
    flags.push_back("--secrets_key_file=" + dir_.path() + "/secrets.key");
  }
  for (int i = 0; i < count; ++i) {
    const std::string data = absl::StrCat(dir_.path(), "/cordon", i);
    if (i > 0) {
      // The first start wrote the bootstrap key; the operator hands it to
      // the other replicas.
      std::filesystem::create_directory(data);
      std::filesystem::copy_file(dir_.path() + "/cordon0/bootstrap.key",
                                 data + "/bootstrap.key");
    }
    cordons_.push_back(
        std::make_unique<process_testing::CordonServer>(data, flags));
    if (std::string error = cordons_.back()->Start(); !error.empty()) {
      return absl::UnavailableError(
          absl::StrCat("cordon-server ", i, ": ", error));
    }
  }
  return absl::OkStatus();
}

std::vector<int> SpawnedServers::cordon_ports() const {
  std::vector<int> ports;
  for (const auto& cordon : cordons_) ports.push_back(cordon->port());
  return ports;
}

SpawnedServers::~SpawnedServers() {
  stop_draining_ = true;
  if (drainer_.joinable()) drainer_.join();
}

void SpawnedServers::Drain() {
  while (!stop_draining_) {
    const auto until =
        process_testing::Steady::now() + std::chrono::milliseconds(50);
    for (const auto& cordon : cordons_) cordon->Wait(until);
    if (baseline_ != nullptr) baseline_->DrainUntil(until);
    if (cordons_.empty() && baseline_ == nullptr) return;
  }
}

absl::Status SpawnedServers::StartBaseline() {
  baseline_ = std::make_unique<process_testing::ChildProcess>(
      std::vector<std::string>{CORDON_BASELINE_BIN, "--listen=127.0.0.1:0",
                               "--data_dir=" + dir_.path() + "/baseline"});
  const auto serving = baseline_->WaitForLine(
      std::regex("baseline serving on port (\\d+)"),
      process_testing::Steady::now() + std::chrono::seconds(20));
  if (!serving.has_value()) {
    return absl::UnavailableError("cordon-bench-baseline did not serve: " +
                                  baseline_->output());
  }
  baseline_port_ = std::stoi((*serving)[1]);
  return absl::OkStatus();
}

}  // namespace cordon::bench::grpc_load
