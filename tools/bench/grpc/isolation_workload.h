#ifndef CORDON_TOOLS_BENCH_GRPC_ISOLATION_WORKLOAD_H_
#define CORDON_TOOLS_BENCH_GRPC_ISOLATION_WORKLOAD_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "cordon/v1/incident.grpc.pb.h"
#include "tests/process/served_cordon.h"
#include "tools/bench/grpc/cordon_workloads.h"
#include "tools/bench/grpc/workload.h"

namespace cordon::bench::grpc_load {

// SendIncidentReport -> isolated, against cordon-server pointed at
// cordon-sim --serve (the simulated Microsoft 365 tenant): one operation
// sends a drafted isolation-worthy report about its own identity (ISO-2)
// and then reads the report (every 1 ms x the isolations in flight, about
// 1,000 reads a second in all) until its three response actions
// (sessions revoked, account disabled, inbox rule disabled: ISO-3) are
// SUCCEEDED. Its latency is the time to isolated as a client sees it.
// Each identity is isolated once, so the workload is bounded:
// `per_point` operations per load point.
class IsolationWorkload final : public Workload {
 public:
  // Binds a new organization of `target`'s account to the served tenant,
  // takes its `users` users in through the inventory (ISO-12), gives each a
  // forwarding rule and drafts a report about each.
  static absl::StatusOr<std::unique_ptr<IsolationWorkload>> SetUp(
      const CordonTarget& target, int cordon_port,
      process_testing::ServedTenant& tenant, int users, int per_point);

  std::string name() const override { return "send_report_isolated"; }
  absl::Status Prepare() override;
  std::unique_ptr<AsyncOperation> Next(size_t channel) override;

 private:
  IsolationWorkload(const CordonTarget& target, int per_point);

  const CordonTarget target_;
  const int per_point_;
  std::vector<std::unique_ptr<v1::IncidentService::Stub>> stubs_;
  std::vector<std::string> drafts_;  // not sent yet, taken from the back
  int left_in_point_ = 0;
  std::shared_ptr<int> in_flight_ = std::make_shared<int>(0);
};

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_ISOLATION_WORKLOAD_H_
