#ifndef CORDON_TESTING_FAKE_ENTROPY_H_
#define CORDON_TESTING_FAKE_ENTROPY_H_

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

#include "absl/base/thread_annotations.h"
#include "server/ports/entropy.h"

namespace cordon::ports {

// Reproducible bytes from a seed, for tests and the simulator only: never
// for real secrets.
class SeededEntropy final : public Entropy {
 public:
  explicit SeededEntropy(uint64_t seed) : engine_(seed) {}
  std::string Bytes(size_t count) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::string bytes(count, '\0');
    for (char& b : bytes) b = static_cast<char>(engine_() & 0xff);
    return bytes;
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cordon::ports

#endif  // CORDON_TESTING_FAKE_ENTROPY_H_
