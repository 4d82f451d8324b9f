#include "tools/bench/grpc/load_result.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cordon::bench::grpc_load {
namespace {

// Nearest rank: the smallest sample with at least p% at or below it. The
// epsilon keeps 99.9% of 1,000 at rank 999: 99.9 has no exact binary form.
double RankMs(const std::vector<int64_t>& sorted_ns, double p) {
  const size_t rank =
      static_cast<size_t>(std::ceil(p / 100.0 * sorted_ns.size() - 1e-9));
  return sorted_ns[std::clamp<size_t>(rank, 1, sorted_ns.size()) - 1] / 1e6;
}

}  // namespace

int64_t LoadResult::error_count() const {
  int64_t total = 0;
  for (const auto& [code, count] : errors) total += count;
  return total;
}

nlohmann::json LoadResult::ToJson() const {
  return {{"target", target},
          {"workload", workload},
          {"in_flight", in_flight},
          {"rate", rate},
          {"channels", channels},
          {"requests", requests},
          {"errors", errors},
          {"seconds", seconds},
          {"throughput_per_s", throughput},
          {"latency_ms",
           {{"p50", p50_ms},
            {"p90", p90_ms},
            {"p99", p99_ms},
            {"p99_9", p999_ms},
            {"max", max_ms},
            {"mean", mean_ms}}}};
}

void SummarizeLatencies(std::vector<int64_t>* samples_ns, LoadResult* result) {
  if (samples_ns->empty()) return;
  std::sort(samples_ns->begin(), samples_ns->end());
  result->p50_ms = RankMs(*samples_ns, 50);
  result->p90_ms = RankMs(*samples_ns, 90);
  result->p99_ms = RankMs(*samples_ns, 99);
  result->p999_ms = RankMs(*samples_ns, 99.9);
  result->max_ms = samples_ns->back() / 1e6;
  result->mean_ms =
      std::accumulate(samples_ns->begin(), samples_ns->end(), 0.0) /
      samples_ns->size() / 1e6;
}

}  // namespace cordon::bench::grpc_load
