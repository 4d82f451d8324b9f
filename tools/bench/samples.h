#ifndef CORDON_TOOLS_BENCH_SAMPLES_H_
#define CORDON_TOOLS_BENCH_SAMPLES_H_

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "benchmark/benchmark.h"

namespace cordon::bench {

// Latency samples of one milestone, reported as benchmark counters in
// milliseconds: <name>_p50_ms, <name>_p99_ms and <name>_max_ms.
class Samples {
 public:
  explicit Samples(std::string name) : name_(std::move(name)) {}

  void Add(absl::Duration d) { ms_.push_back(absl::ToDoubleMilliseconds(d)); }
  size_t size() const { return ms_.size(); }

  // Nearest-rank percentile (p in (0, 100]): with fewer than 100 samples,
  // p99 is the maximum.
  double Percentile(double p) const {
    if (ms_.empty()) return 0;
    std::vector<double> sorted = ms_;
    std::sort(sorted.begin(), sorted.end());
    const size_t rank =
        static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
  }

  void Report(benchmark::State& state) const {
    state.counters[name_ + "_p50_ms"] = Percentile(50);
    state.counters[name_ + "_p99_ms"] = Percentile(99);
    state.counters[name_ + "_max_ms"] = Percentile(100);
  }

 private:
  std::string name_;
  std::vector<double> ms_;
};

}  // namespace cordon::bench

#endif  // CORDON_TOOLS_BENCH_SAMPLES_H_
