#ifndef CORDON_TOOLS_BENCH_GRPC_GRPC_BENCH_H_
#define CORDON_TOOLS_BENCH_GRPC_GRPC_BENCH_H_

#include <ostream>
#include <string>
#include <vector>

namespace cordon::bench::grpc_load {

// `cordon-bench grpc <args>`: sets up the targets (spawned or given), runs
// every workload at every point of the sweep, interleaved (for each number
// in flight, each workload in turn, so that Cordon and the bare server
// meet the machine in the same state), and writes the results with the
// ratios to `out`: a table, or one JSON object with --json. Progress and
// errors go to `log`. Returns the exit code: 0, 1 when the run failed or a
// request failed, 2 for bad flags.
int RunGrpcBench(const std::vector<std::string>& args, std::ostream& out,
                 std::ostream& log);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_GRPC_BENCH_H_
