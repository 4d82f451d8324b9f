#ifndef CORDON_TOOLS_BENCH_GRPC_WORKLOAD_H_
#define CORDON_TOOLS_BENCH_GRPC_WORKLOAD_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "tools/bench/grpc/async_operation.h"

namespace cordon::bench::grpc_load {

// A workload: the operations one kind of request makes, created as the
// driver needs them, each on one of the run's channels.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string name() const = 0;
  // Called before each load point (e.g. a fresh organization to create
  // into, so that every point starts from the same state).
  virtual absl::Status Prepare() { return absl::OkStatus(); }
  // The next operation, on channel `channel`; null when a bounded workload
  // has nothing left to do.
  virtual std::unique_ptr<AsyncOperation> Next(size_t channel) = 0;
};

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_WORKLOAD_H_
