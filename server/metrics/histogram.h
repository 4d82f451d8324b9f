#ifndef CORDON_SERVER_METRICS_HISTOGRAM_H_
#define CORDON_SERVER_METRICS_HISTOGRAM_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace cordon::metrics {

// Upper bounds in seconds for call latencies: from 100 us (a cached read)
// to 10 s (a Graph call near its timeout). Prometheus' default buckets start
// at 5 ms, where most of Cordon's RPCs have long finished.
const std::vector<double>& LatencyBuckets();

// Observations counted into fixed buckets (Prometheus type histogram), safe
// from any thread: an observation is a search over the bounds and two
// relaxed atomic adds.
class Histogram {
 public:
  // `bounds` ascending, finite; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  struct Snapshot {
    // Cumulative counts per bound of bounds(); +Inf is `count`.
    std::vector<uint64_t> cumulative;
    uint64_t count = 0;
    double sum = 0;
  };
  // The buckets are read one by one, so a concurrent Observe may be half
  // in; `count` is the sum of the buckets read, so the +Inf bucket and
  // _count always agree, as Prometheus requires.
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  // One per bound and one past the last (the +Inf bucket); not cumulative.
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

}  // namespace cordon::metrics

#endif  // CORDON_SERVER_METRICS_HISTOGRAM_H_
