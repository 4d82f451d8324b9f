#ifndef CORDON_TOOLS_BENCH_GRPC_BASELINE_WORKLOADS_H_
#define CORDON_TOOLS_BENCH_GRPC_BASELINE_WORKLOADS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "tools/bench/grpc/workload.h"

namespace cordon::bench::grpc_load {

// The bare server's workloads (tools/bench/baseline): one RocksDB Put of a
// 200-byte value (about an identity's row) under a new key
// "<prefix><n>" per call, synced or not; and one Get of a random key among
// the `keys` first that BaselinePut("seed-") wrote.
std::unique_ptr<Workload> BaselinePut(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const std::string& name, const std::string& prefix, bool sync);
std::unique_ptr<Workload> BaselineGet(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels, int keys,
    uint64_t seed);

inline constexpr char kBaselineSeedPrefix[] = "seed-";

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_BASELINE_WORKLOADS_H_
