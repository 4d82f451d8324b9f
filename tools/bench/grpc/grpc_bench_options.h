#ifndef CORDON_TOOLS_BENCH_GRPC_GRPC_BENCH_OPTIONS_H_
#define CORDON_TOOLS_BENCH_GRPC_GRPC_BENCH_OPTIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace cordon::bench::grpc_load {

// `cordon-bench grpc` flags (docs/benchmarks.md, "The gRPC edge").
struct GrpcBenchOptions {
  // host:port of a running cordon-server, with --key_file (a key that may
  // create accounts; its rate limit should be off); empty = spawn one.
  // Several, comma-separated (replicas on one store): the channels are
  // spread over them in turn.
  std::string cordon;
  // > 0: spawn this many cordon-server replicas on a spawned three-member
  // etcd cluster (issue 15) instead of one on RocksDB.
  int replicas = 0;
  std::string key_file;
  // host:port of a running cordon-bench-baseline; empty = spawn one.
  std::string baseline;
  // Which workloads, in order (kAllWorkloads when not given).
  std::vector<std::string> workloads;
  // The sweep: requests in flight (closed loop), or the most in flight of
  // an open-loop --rate.
  std::vector<int> in_flight = {1, 4, 16, 40, 64};
  int channels = 4;
  double rate = 0;  // > 0: open loop, requests per second
  absl::Duration warmup = absl::Seconds(1);
  absl::Duration duration = absl::Seconds(5);
  int64_t requests = 0;   // > 0: each point also ends after this many
  int identities = 1000;  // in the organization reads and sign-ins use
  int isolations = 50;    // send_report_isolated: operations per point
  uint64_t seed = 1;
  bool json = false;  // JSON on stdout instead of a table
};

inline const std::vector<std::string>& AllWorkloads() {
  static const std::vector<std::string>* const all =
      new std::vector<std::string>{
          "baseline_get",   "get_identity",      "list_identities",
          "baseline_put",   "baseline_put_sync", "create_identity",
          "record_sign_in", "sign_in_join",      "send_report_isolated"};
  return *all;
}

// Parses `--name=value` arguments; INVALID_ARGUMENT naming the flag at
// fault.
absl::StatusOr<GrpcBenchOptions> ParseGrpcBenchOptions(
    const std::vector<std::string>& args);

// The flags, for --help.
std::string GrpcBenchUsage();

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_GRPC_BENCH_OPTIONS_H_
