#ifndef CORDON_SERVER_ADAPTERS_SEEDED_RANDOM_H_
#define CORDON_SERVER_ADAPTERS_SEEDED_RANDOM_H_

#include <cstdint>
#include <mutex>
#include <random>

#include "absl/base/thread_annotations.h"
#include "server/ports/random_source.h"

namespace cordon::adapters {

// Retry jitter for the real server: a generator seeded once at start (the
// seed is logged, so a run's jitter can be replayed).
class SeededRandom final : public ports::RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}
  double Uniform01() override {
    std::lock_guard<std::mutex> lock(mu_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::adapters

#endif  // CORDON_SERVER_ADAPTERS_SEEDED_RANDOM_H_
