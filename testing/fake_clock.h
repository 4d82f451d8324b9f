#ifndef CORDON_TESTING_FAKE_CLOCK_H_
#define CORDON_TESTING_FAKE_CLOCK_H_

#include <mutex>

#include "server/ports/clock.h"

namespace cordon::ports {

// A clock that stands still until told to move: tests and the simulator jump
// a week ahead in one call.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1767225600))
      : now_(start) {}

  absl::Time Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += d;
  }
  void Set(absl::Time t) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = t;
  }

 private:
  mutable std::mutex mu_;
  absl::Time now_;
};

}  // namespace cordon::ports

#endif  // CORDON_TESTING_FAKE_CLOCK_H_
