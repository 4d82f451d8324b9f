#ifndef CORDON_TOOLS_BENCH_GRPC_RATIOS_H_
#define CORDON_TOOLS_BENCH_GRPC_RATIOS_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "tools/bench/grpc/load_result.h"

namespace cordon::bench::grpc_load {

// Each Cordon figure as a ratio to the bare server's at the same load
// point, measured in the same run: reads against baseline_get, writes
// (synced in Cordon) against baseline_put (no sync: the yardstick)
// and baseline_put_sync. [{workload, reference, in_flight, throughput,
// p99}], throughput = Cordon's / the baseline's (higher is better), p99 =
// Cordon's / the baseline's (lower is better).
nlohmann::json Ratios(const std::vector<LoadResult>& results);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_RATIOS_H_
