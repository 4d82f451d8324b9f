#ifndef CORDON_SERVER_METRICS_COUNTER_H_
#define CORDON_SERVER_METRICS_COUNTER_H_

#include <atomic>
#include <cstdint>

namespace cordon::metrics {

// A count that only goes up (Prometheus type counter), safe from any
// thread: one relaxed atomic add, cheap enough for every RPC. Relaxed is
// enough: a scrape needs each value, not an order between them.
class Counter {
 public:
  void Increment(uint64_t by = 1) {
    value_.fetch_add(by, std::memory_order_relaxed);
  }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (Prometheus type gauge), safe from any
// thread.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace cordon::metrics

#endif  // CORDON_SERVER_METRICS_COUNTER_H_
