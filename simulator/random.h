#ifndef CORDON_SIMULATOR_RANDOM_H_
#define CORDON_SIMULATOR_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <random>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/time/time.h"
#include "server/ports/random_source.h"

namespace cordon::sim {

// The one seeded generator of a simulated run (DESIGN rule 3). Every random
// choice of the simulator — faults, BUGGIFY sites, 200-or-204 — draws from the
// single instance a run creates, so printing the seed of a failing run is
// enough to replay it.
//
// Same seed + same sequence of calls = same numbers, on every platform: the
// engine is std::mt19937_64 (its output is fixed by the standard), and the
// mapping to ranges is written here rather than taken from
// std::uniform_*_distribution, whose algorithms differ between standard
// libraries. Never seeded from std::random_device or the time.
//
// It is also the engine's ports::RandomSource (retry jitter) in a simulated
// run, so that jitter replays with the rest.
//
// Thread-safe; but the sequence seen by concurrent callers depends on their
// interleaving, so a deterministic run draws from one thread at a time.
class Random final : public ports::RandomSource {
 public:
  explicit Random(uint64_t seed);

  Random(const Random&) = delete;
  Random& operator=(const Random&) = delete;

  uint64_t seed() const { return seed_; }

  // One raw 64-bit draw.
  uint64_t NextUint64();
  // Uniform in [0, 1), 53 bits of precision. One draw.
  double Uniform01() override;
  // Uniform in [lo, hi], both inclusive; lo <= hi. Usually one draw
  // (rejection sampling keeps it unbiased and may, rarely, take more).
  int64_t UniformInt(int64_t lo, int64_t hi);
  // True with probability p (clamped to [0, 1]). Always exactly one draw,
  // even for p = 0 or 1, so that the stream does not shift when a knob moves
  // between 0 and a small value.
  bool Bernoulli(double p);
  // Uniform in [lo, hi] at nanosecond granularity; lo <= hi.
  absl::Duration UniformDuration(absl::Duration lo, absl::Duration hi);
  // An index drawn with probability proportional to weights[i] (weights >= 0,
  // at least one > 0). One draw.
  size_t WeightedIndex(const std::vector<double>& weights);

 private:
  uint64_t NextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t UniformIntLocked(int64_t lo, int64_t hi)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const uint64_t seed_;
  std::mutex mu_;
  std::mt19937_64 engine_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::sim

#endif  // CORDON_SIMULATOR_RANDOM_H_
