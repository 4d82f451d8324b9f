#ifndef CORDON_TOOLS_BENCH_GRPC_LOAD_RESULT_H_
#define CORDON_TOOLS_BENCH_GRPC_LOAD_RESULT_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cordon::bench::grpc_load {

// What one load point measured: the requests started after the warm-up,
// their throughput and their latency (from when each was due to start, so
// an open-loop run that falls behind shows the wait: no coordinated
// omission).
struct LoadResult {
  std::string target;    // "cordon" or "baseline"
  std::string workload;  // e.g. "get_identity"
  int in_flight = 0;     // closed loop: requests kept in flight
  double rate = 0;       // open loop: requests started per second (0: closed)
  int channels = 0;
  int64_t requests = 0;                   // succeeded
  std::map<std::string, int64_t> errors;  // by gRPC code name
  double seconds = 0;     // from the warm-up's end to the last answer
  double throughput = 0;  // succeeded requests per second
  // Nearest-rank percentiles and the mean of the succeeded requests, ms.
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0,
         mean_ms = 0;

  int64_t error_count() const;
  nlohmann::json ToJson() const;
};

// Fills `result`'s latency fields from the samples (nanoseconds; sorted in
// place).
void SummarizeLatencies(std::vector<int64_t>* samples_ns, LoadResult* result);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_LOAD_RESULT_H_
