#include "simulator/random.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <vector>

#include "absl/time/time.h"
#include "server/core/check.h"

namespace cordon::sim {
namespace {

// Rejection sampling needs a bound (TIGER_STYLE): each round rejects with
// probability < 1/2, so 64 rounds all failing has probability < 2^-64. The
// fallback after that is still deterministic.
constexpr int kMaxRejectionRounds = 64;

}  // namespace

Random::Random(uint64_t seed) : seed_(seed), engine_(seed) {}

uint64_t Random::NextLocked() { return engine_(); }

uint64_t Random::NextUint64() {
  std::lock_guard<std::mutex> lock(mu_);
  return NextLocked();
}

double Random::Uniform01() {
  std::lock_guard<std::mutex> lock(mu_);
  // The top 53 bits fill a double's mantissa exactly: uniform on a grid of
  // 2^-53, never 1.0.
  return static_cast<double>(NextLocked() >> 11) * 0x1.0p-53;
}

int64_t Random::UniformIntLocked(int64_t lo, int64_t hi) {
  CORDON_CHECK(lo <= hi, "UniformInt needs lo <= hi");
  const uint64_t span =
      static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);  // hi - lo
  if (span == std::numeric_limits<uint64_t>::max()) {
    return static_cast<int64_t>(NextLocked());
  }
  const uint64_t n = span + 1;
  // Draws below `threshold` would make x % n favour small values.
  const uint64_t threshold = (0 - n) % n;
  uint64_t x = NextLocked();
  for (int round = 1; x < threshold && round < kMaxRejectionRounds; ++round) {
    x = NextLocked();
  }
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + x % n);
}

int64_t Random::UniformInt(int64_t lo, int64_t hi) {
  std::lock_guard<std::mutex> lock(mu_);
  return UniformIntLocked(lo, hi);
}

bool Random::Bernoulli(double p) {
  const double u = Uniform01();
  return u < p;  // p <= 0 never, p >= 1 always; NaN never.
}

absl::Duration Random::UniformDuration(absl::Duration lo, absl::Duration hi) {
  CORDON_CHECK(lo <= hi, "UniformDuration needs lo <= hi");
  const int64_t span_ns = absl::ToInt64Nanoseconds(hi - lo);
  std::lock_guard<std::mutex> lock(mu_);
  return lo + absl::Nanoseconds(UniformIntLocked(0, span_ns));
}

size_t Random::WeightedIndex(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) {
    CORDON_CHECK(w >= 0, "weights must not be negative");
    total += w;
  }
  CORDON_CHECK(total > 0, "at least one weight must be positive");
  double point = Uniform01() * total;
  size_t last_positive = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    last_positive = i;
    if (point < weights[i]) return i;
    point -= weights[i];
  }
  // Rounding can leave `point` a hair above the last weight.
  return last_positive;
}

}  // namespace cordon::sim
