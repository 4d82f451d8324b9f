#ifndef CORDON_TOOLS_BENCH_GRPC_LOAD_DRIVER_H_
#define CORDON_TOOLS_BENCH_GRPC_LOAD_DRIVER_H_

#include <cstdint>

#include "absl/time/time.h"
#include "tools/bench/grpc/load_result.h"
#include "tools/bench/grpc/workload.h"

namespace cordon::bench::grpc_load {

// One point of a sweep.
struct LoadPoint {
  // Closed loop: this many requests in flight, each replaced as soon as it
  // ends. Open loop (rate > 0): the most in flight at once; a request that
  // finds them all busy starts late, and its latency counts from when it
  // was due.
  int in_flight = 1;
  // Open loop: requests started per second, evenly spaced; 0 = closed loop.
  double rate = 0;
  // Requests of the warm-up are made but not counted.
  absl::Duration warmup = absl::Seconds(1);
  absl::Duration duration = absl::Seconds(5);
  // When > 0, the point also ends after this many counted requests started
  // (a bounded run, as the ctest entry makes).
  int64_t max_requests = 0;
};

// Runs `point` of `workload` from one thread on one completion queue,
// spreading the requests over `channels` channels (request slot i on
// channel i mod channels): the client's cost per call stays small next to
// the server's on a machine they share. Fills throughput and latency;
// target and workload names are the caller's.
LoadResult RunLoadPoint(Workload& workload, int channels,
                        const LoadPoint& point);

}  // namespace cordon::bench::grpc_load

#endif  // CORDON_TOOLS_BENCH_GRPC_LOAD_DRIVER_H_
